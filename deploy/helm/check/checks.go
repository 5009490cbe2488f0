package main

import (
	"fmt"
	"sort"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// workload is the part of a Deployment or StatefulSet the cross checks need.
type workload struct {
	o        *object
	selector *metav1.LabelSelector
	pod      *corev1.PodTemplateSpec
	replicas *int32
	claims   []corev1.PersistentVolumeClaim
}

type checker struct {
	objs      []*object
	rendered  map[string]bool // "Kind/name"
	externals map[string]bool
	workloads []workload
	services  []*corev1.Service
	svcSrc    map[string]string // Service name -> template, for problem messages
	problems  []string
}

func (c *checker) addf(format string, a ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, a...))
}

// crossChecks finds what a strict decode cannot: objects that decode fine but do not fit together.
func crossChecks(objs []*object, externals []string) []string {
	c := &checker{objs: objs, rendered: map[string]bool{}, externals: map[string]bool{}, svcSrc: map[string]string{}}
	for _, e := range externals {
		c.externals[e] = true
	}
	for _, o := range objs {
		id := o.kind + "/" + o.meta.GetName()
		if c.rendered[id] {
			c.addf("%s: %s is rendered twice", o.source, id)
		}
		c.rendered[id] = true
		switch v := o.obj.(type) {
		case *appsv1.Deployment:
			c.workloads = append(c.workloads, workload{o, v.Spec.Selector, &v.Spec.Template, v.Spec.Replicas, nil})
		case *appsv1.StatefulSet:
			c.workloads = append(c.workloads, workload{o, v.Spec.Selector, &v.Spec.Template, v.Spec.Replicas, v.Spec.VolumeClaimTemplates})
			c.requireRef(o, "Service", v.Spec.ServiceName, "spec.serviceName")
		case *corev1.Service:
			c.services = append(c.services, v)
			c.svcSrc[v.Name] = o.source
		}
	}
	for _, w := range c.workloads {
		c.checkWorkload(w)
	}
	for _, s := range c.services {
		c.checkService(s)
	}
	for _, o := range objs {
		switch v := o.obj.(type) {
		case *autoscalingv2.HorizontalPodAutoscaler:
			c.checkHPA(o, v)
		case *policyv1.PodDisruptionBudget:
			if len(c.podsMatching(v.Spec.Selector)) == 0 {
				c.addf("%s: PodDisruptionBudget %s selects no rendered pods", o.source, v.Name)
			}
		case *monitoringv1.ServiceMonitor:
			c.checkServiceMonitor(o, v)
		}
	}
	sort.Strings(c.problems)
	return c.problems
}

func (c *checker) requireRef(o *object, kind, name, field string) {
	if name == "" {
		c.addf("%s: %s %s: %s is empty", o.source, o.kind, o.meta.GetName(), field)
		return
	}
	id := kind + "/" + name
	if !c.rendered[id] && !c.externals[id] {
		c.addf("%s: %s %s: %s refers to %s, which the chart does not render and is not declared external (--external %s)",
			o.source, o.kind, o.meta.GetName(), field, id, id)
	}
}

func (c *checker) checkWorkload(w workload) {
	o, name := w.o, w.o.meta.GetName()
	sel, err := metav1.LabelSelectorAsSelector(w.selector)
	if err != nil || w.selector == nil || sel.Empty() {
		c.addf("%s: %s %s: spec.selector is missing or invalid (%v)", o.source, o.kind, name, err)
	} else if !sel.Matches(labels.Set(w.pod.Labels)) {
		c.addf("%s: %s %s: spec.selector %s does not match the pod template labels %v", o.source, o.kind, name, sel, w.pod.Labels)
	}
	spec := &w.pod.Spec
	volumes := map[string]bool{}
	for _, v := range spec.Volumes {
		volumes[v.Name] = true
		switch {
		case v.ConfigMap != nil:
			c.requireRef(o, "ConfigMap", v.ConfigMap.Name, "volume "+v.Name)
		case v.Secret != nil:
			c.requireRef(o, "Secret", v.Secret.SecretName, "volume "+v.Name)
		case v.PersistentVolumeClaim != nil:
			c.requireRef(o, "PersistentVolumeClaim", v.PersistentVolumeClaim.ClaimName, "volume "+v.Name)
		}
	}
	for _, pvc := range w.claims {
		volumes[pvc.Name] = true
	}
	for _, s := range spec.ImagePullSecrets {
		c.requireRef(o, "Secret", s.Name, "imagePullSecrets")
	}
	for _, ct := range append(append([]corev1.Container{}, spec.InitContainers...), spec.Containers...) {
		where := "container " + ct.Name
		for _, m := range ct.VolumeMounts {
			if !volumes[m.Name] {
				c.addf("%s: %s %s: %s mounts volume %q, which the pod does not define", o.source, o.kind, name, where, m.Name)
			}
		}
		for _, e := range ct.Env {
			if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
				c.requireRef(o, "Secret", e.ValueFrom.SecretKeyRef.Name, where+" env "+e.Name)
			}
			if e.ValueFrom != nil && e.ValueFrom.ConfigMapKeyRef != nil {
				c.requireRef(o, "ConfigMap", e.ValueFrom.ConfigMapKeyRef.Name, where+" env "+e.Name)
			}
		}
		for _, e := range ct.EnvFrom {
			if e.SecretRef != nil {
				c.requireRef(o, "Secret", e.SecretRef.Name, where+" envFrom")
			}
			if e.ConfigMapRef != nil {
				c.requireRef(o, "ConfigMap", e.ConfigMapRef.Name, where+" envFrom")
			}
		}
		probes := map[string]*corev1.Probe{"livenessProbe": ct.LivenessProbe, "readinessProbe": ct.ReadinessProbe, "startupProbe": ct.StartupProbe}
		for kind, p := range probes {
			if p == nil {
				continue
			}
			var port *intstr.IntOrString
			switch {
			case p.HTTPGet != nil:
				port = &p.HTTPGet.Port
			case p.TCPSocket != nil:
				port = &p.TCPSocket.Port
			case p.GRPC != nil:
				port = &intstr.IntOrString{IntVal: p.GRPC.Port}
			}
			if port != nil && !containerHasPort(ct, *port) {
				c.addf("%s: %s %s: %s %s points at port %s, which the container does not declare", o.source, o.kind, name, where, kind, port.String())
			}
		}
	}
}

func containerHasPort(ct corev1.Container, p intstr.IntOrString) bool {
	for _, cp := range ct.Ports {
		if (p.Type == intstr.String && cp.Name == p.StrVal) || (p.Type == intstr.Int && cp.ContainerPort == p.IntVal) {
			return true
		}
	}
	return false
}

// podsMatching returns the workloads whose pod template labels the selector selects.
func (c *checker) podsMatching(ls *metav1.LabelSelector) []workload {
	sel, err := metav1.LabelSelectorAsSelector(ls)
	if err != nil || ls == nil || sel.Empty() {
		return nil
	}
	var out []workload
	for _, w := range c.workloads {
		if sel.Matches(labels.Set(w.pod.Labels)) {
			out = append(out, w)
		}
	}
	return out
}

func (c *checker) checkService(s *corev1.Service) {
	src := c.svcSrc[s.Name] + ": Service " + s.Name
	if len(s.Spec.Selector) == 0 {
		c.addf("%s has no selector (the chart renders no Endpoints by hand)", src)
		return
	}
	matched := c.podsMatching(&metav1.LabelSelector{MatchLabels: s.Spec.Selector})
	if len(matched) == 0 {
		c.addf("%s: selector %v matches no rendered pod template", src, s.Spec.Selector)
	}
	for _, p := range s.Spec.Ports {
		target := p.TargetPort
		if target.Type == intstr.Int && target.IntVal == 0 {
			target = intstr.FromInt32(p.Port)
		}
		for _, w := range matched {
			found := false
			for _, ct := range w.pod.Spec.Containers {
				found = found || containerHasPort(ct, target)
			}
			if !found {
				c.addf("%s: port %q targets %s, which no container of %s %s declares", src, p.Name, target.String(), w.o.kind, w.o.meta.GetName())
			}
		}
	}
}

func (c *checker) checkHPA(o *object, h *autoscalingv2.HorizontalPodAutoscaler) {
	ref := h.Spec.ScaleTargetRef
	for _, w := range c.workloads {
		if w.o.kind == ref.Kind && w.o.meta.GetName() == ref.Name {
			if w.o.apiVersion != ref.APIVersion {
				c.addf("%s: HorizontalPodAutoscaler %s: scaleTargetRef.apiVersion %s, but %s is %s", o.source, h.Name, ref.APIVersion, ref.Name, w.o.apiVersion)
			}
			// A fixed spec.replicas would reset the HPA's choice on every `helm upgrade`.
			if w.replicas != nil {
				c.addf("%s: %s %s sets spec.replicas although HorizontalPodAutoscaler %s scales it", w.o.source, ref.Kind, ref.Name, h.Name)
			}
			return
		}
	}
	c.addf("%s: HorizontalPodAutoscaler %s targets %s/%s, which the chart does not render", o.source, h.Name, ref.Kind, ref.Name)
}

func (c *checker) checkServiceMonitor(o *object, sm *monitoringv1.ServiceMonitor) {
	sel, err := metav1.LabelSelectorAsSelector(&sm.Spec.Selector)
	if err != nil || sel.Empty() {
		c.addf("%s: ServiceMonitor %s: spec.selector is missing or invalid (%v)", o.source, sm.Name, err)
		return
	}
	var matched []string
	for _, s := range c.services {
		if !sel.Matches(labels.Set(s.Labels)) {
			continue
		}
		matched = append(matched, s.Name)
		for _, ep := range sm.Spec.Endpoints {
			found := false
			for _, p := range s.Spec.Ports {
				found = found || (ep.Port != "" && p.Name == ep.Port)
			}
			if !found {
				c.addf("%s: ServiceMonitor %s: endpoint port %q is not a named port of Service %s", o.source, sm.Name, ep.Port, s.Name)
			}
		}
	}
	switch {
	case len(matched) == 0:
		c.addf("%s: ServiceMonitor %s: selector %s matches no rendered Service", o.source, sm.Name, sel)
	case len(matched) > 1:
		// Prometheus would scrape every pod once per Service (e.g. the headless one too).
		c.addf("%s: ServiceMonitor %s: selector %s matches several Services %v; each pod would be scraped twice", o.source, sm.Name, sel, matched)
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
