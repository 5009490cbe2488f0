package plugin

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

func TestToFrame(t *testing.T) {
	raw := `{"schema":{"name":"vitals","refId":"A","meta":{"type":"timeseries-multi","typeVersion":[0,1],"custom":{"source":"web_vitals_1m"},"notices":[{"severity":"info","text":"from web_vitals_1m"}]},
	  "fields":[{"name":"time","type":"time"},{"name":"p75","type":"number","config":{"unit":"ms","displayName":"LCP p75"},"labels":{"route":"/cart"}},
	  {"name":"route","type":"string"},{"name":"bot","type":"boolean"},{"name":"trend","type":"other"}]},
	  "data":{"values":[[1700000000000,1700000060000.5],[2500.5,null],["/cart",7],[true,null],[[1,2],null]]}}`
	frame, err := ToFrame(json.RawMessage(raw))
	if err != nil {
		t.Fatal(err)
	}
	if frame.Name != "vitals" || frame.RefID != "A" || len(frame.Fields) != 5 {
		t.Fatalf("frame %q %q with %d fields", frame.Name, frame.RefID, len(frame.Fields))
	}
	if frame.Meta.Type != data.FrameTypeTimeSeriesMulti || frame.Meta.TypeVersion != (data.FrameTypeVersion{0, 1}) ||
		len(frame.Meta.Notices) != 1 || frame.Meta.Notices[0].Severity != data.NoticeSeverityInfo {
		t.Fatalf("meta %+v", frame.Meta)
	}
	wantTypes := []data.FieldType{data.FieldTypeNullableTime, data.FieldTypeNullableFloat64, data.FieldTypeNullableString, data.FieldTypeNullableBool, data.FieldTypeNullableJSON}
	for i, f := range frame.Fields {
		if f.Type() != wantTypes[i] || f.Len() != 2 {
			t.Fatalf("field %s: %s with %d values, want %s with 2", f.Name, f.Type(), f.Len(), wantTypes[i])
		}
	}
	if ts := frame.Fields[0].At(1).(*time.Time); ts.UnixNano() != 1700000060000_500000 {
		t.Fatalf("fractional ms lost: %v", ts)
	}
	p75 := frame.Fields[1]
	if *p75.At(0).(*float64) != 2500.5 || p75.At(1).(*float64) != nil {
		t.Fatal("numbers or nulls wrong")
	}
	if p75.Config.Unit != "ms" || p75.Config.DisplayName != "LCP p75" || p75.Labels["route"] != "/cart" {
		t.Fatalf("config %+v labels %v", p75.Config, p75.Labels)
	}
	if *frame.Fields[2].At(1).(*string) != "7" {
		t.Fatal("a number in a string field is its text")
	}
	if string(*frame.Fields[4].At(0).(*json.RawMessage)) != "[1,2]" || frame.Fields[4].At(1).(*json.RawMessage) != nil {
		t.Fatal("other values are their JSON")
	}
}

func TestToFrameEmptyMetaAndFrame(t *testing.T) {
	frame, err := ToFrame(json.RawMessage(`{"schema":{"refId":"B","meta":{},"fields":[{"name":"errors","type":"number"}]},"data":{"values":[[]]}}`))
	if err != nil || frame.Meta != nil || frame.Fields[0].Len() != 0 {
		t.Fatalf("err %v meta %+v", err, frame.Meta)
	}
	if _, err := ToFrame(json.RawMessage(`{"schema":{"fields":[{"name":"t","type":"time"}]},"data":{"values":[["soon"]]}}`)); err == nil {
		t.Fatal("a time that is not epoch ms must fail")
	}
}
