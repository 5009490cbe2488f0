package main

import (
	"fmt"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/client-go/kubernetes/scheme"
)

// object is one decoded manifest: its typed form and where it came from.
type object struct {
	kind, apiVersion, source string
	meta                     metav1.Object
	obj                      runtime.Object
}

// allowedGroupVersions are the API versions the chart may use: GA versions served by every
// supported Kubernetes release (1.29+). Older ones (policy/v1beta1, autoscaling/v2beta2) still
// decode into client-go types but are gone from current API servers, so they are problems here.
var allowedGroupVersions = map[string]bool{
	"v1": true, "apps/v1": true, "autoscaling/v2": true, "policy/v1": true,
	"monitoring.coreos.com/v1": true,
}

// strictDecoder is apimachinery's YAML serializer in strict mode: unknown fields and duplicate
// fields are errors (the same checks `kubectl apply --validate=strict` asks the server for).
var strictDecoder = func() runtime.Decoder {
	s := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{scheme.AddToScheme, monitoringv1.AddToScheme} {
		if err := add(s); err != nil {
			panic(err)
		}
	}
	return json.NewSerializerWithOptions(json.DefaultMetaFactory, s, s,
		json.SerializerOptions{Yaml: true, Strict: true})
}()

// decodeStrict decodes one manifest; problems name the template so a reader knows what to fix.
func decodeStrict(source string, doc []byte) (*object, []string) {
	obj, gvk, err := strictDecoder.Decode(doc, nil, nil)
	if obj == nil || gvk == nil {
		return nil, []string{fmt.Sprintf("%s: cannot decode: %v", source, err)}
	}
	var problems []string
	if err != nil {
		if runtime.IsStrictDecodingError(err) {
			problems = append(problems, fmt.Sprintf("%s: %s %s: strict decoding: %v", source, gvk.Kind, nameOf(obj), err))
		} else {
			return nil, []string{fmt.Sprintf("%s: cannot decode %s: %v", source, gvk.Kind, err)}
		}
	}
	gv := schema.GroupVersion{Group: gvk.Group, Version: gvk.Version}.String()
	if !allowedGroupVersions[gv] {
		problems = append(problems, fmt.Sprintf("%s: %s uses apiVersion %s; use a GA version (%v)", source, gvk.Kind, gv, keys(allowedGroupVersions)))
	}
	m, err := meta.Accessor(obj)
	if err != nil {
		return nil, append(problems, fmt.Sprintf("%s: %s has no metadata: %v", source, gvk.Kind, err))
	}
	if m.GetName() == "" {
		problems = append(problems, fmt.Sprintf("%s: %s has no metadata.name", source, gvk.Kind))
	}
	return &object{kind: gvk.Kind, apiVersion: gv, source: source, meta: m, obj: obj}, problems
}

func nameOf(obj runtime.Object) string {
	if m, err := meta.Accessor(obj); err == nil {
		return m.GetName()
	}
	return "?"
}

func configMapData(o *object) map[string]string {
	if cm, ok := o.obj.(*corev1.ConfigMap); ok {
		if cm.Data == nil {
			return map[string]string{}
		}
		return cm.Data
	}
	return nil
}
