// Command kyverno-admission-review evaluates Kyverno ValidatingPolicies on complete admission
// requests with Kyverno's own policy compiler and engine: the same vpol engine Handle call and
// the same deny-message format as the admission controller's webhook handler
// (pkg/webhooks/resource/vpol). It exists because `kyverno test` sends object == oldObject on
// UPDATE and no subresource, so it cannot express the agent guardrail's cases.
//
// Input (JSON on stdin): {"policies": [files], "cases": [{"id", "request": AdmissionRequest,
// "cluster": [objects resource.List sees]}]}. Output (JSON on stdout): one result per case.
// Namespaces resolve to a Namespace labelled kubernetes.io/metadata.name=<name>, as the API server
// labels every namespace. resource.List of a kind with no objects returns an empty list, as the
// API server does.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	policiesv1beta1 "github.com/kyverno/api/api/policies.kyverno.io/v1beta1"
	"github.com/kyverno/kyverno/cmd/cli/kubectl-kyverno/policy"
	celengine "github.com/kyverno/kyverno/pkg/cel/engine"
	"github.com/kyverno/kyverno/pkg/cel/libs"
	"github.com/kyverno/kyverno/pkg/cel/matching"
	vpolcompiler "github.com/kyverno/kyverno/pkg/cel/policies/vpol/compiler"
	vpolengine "github.com/kyverno/kyverno/pkg/cel/policies/vpol/engine"
	engineapi "github.com/kyverno/kyverno/pkg/engine/api"
	admissionv1 "k8s.io/api/admission/v1"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

type input struct {
	Policies []string `json:"policies"`
	Cases    []struct {
		ID      string                       `json:"id"`
		Request admissionv1.AdmissionRequest `json:"request"`
		Cluster []map[string]any             `json:"cluster"`
	} `json:"cases"`
}

type ruleResult struct {
	Name    string `json:"name"`
	Status  string `json:"status"`
	Message string `json:"message"`
}

type policyResult struct {
	Name  string       `json:"name"`
	Rules []ruleResult `json:"rules"`
}

type caseResult struct {
	ID       string         `json:"id"`
	Allowed  bool           `json:"allowed"`
	Denials  []string       `json:"denials"`
	Policies []policyResult `json:"policies"`
}

// clusterContext is Kyverno's fake context provider, except that listing a kind nobody added
// returns an empty list (the fake answers "resource not found"; a real API server does not).
type clusterContext struct{ *libs.FakeContextProvider }

// routedContext is installed as Kyverno's global library context (libs.LibraryContext), which the
// policy compiler binds into the resource library once, as the admission controller's main does
// with its API-server-backed provider. Each case points it at that case's cluster objects.
type routedContext struct{ libs.Context }

func (c clusterContext) ListResources(apiVersion, resource, namespace string, labels map[string]string) (*unstructured.UnstructuredList, error) {
	list, err := c.FakeContextProvider.ListResources(apiVersion, resource, namespace, labels)
	if err != nil {
		return &unstructured.UnstructuredList{}, nil
	}
	return list, nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "kyverno-admission-review:", err)
		os.Exit(1)
	}
}

func run() error {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		return fmt.Errorf("reading input: %w", err)
	}
	router := &routedContext{Context: clusterContext{libs.NewFakeContextProvider()}}
	libs.LibraryContext = router
	loaded, err := policy.Load(nil, "", in.Policies...)
	if err != nil {
		return fmt.Errorf("loading policies: %w", err)
	}
	// Compile errors are returned here, exactly as the admission controller's provider reports them.
	provider, err := vpolengine.NewProvider(vpolcompiler.NewCompiler(), loaded.ValidatingPolicies, exceptions(loaded))
	if err != nil {
		return err
	}
	namespaces := func(name string) *corev1.Namespace {
		return &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{corev1.LabelMetadataName: name}}}
	}
	engine := vpolengine.NewEngine(provider, namespaces, matching.NewMatcher())
	results := make([]caseResult, 0, len(in.Cases))
	for _, c := range in.Cases {
		cluster := clusterContext{libs.NewFakeContextProvider()}
		for _, object := range c.Cluster {
			if err := addObject(cluster.FakeContextProvider, object); err != nil {
				return fmt.Errorf("case %s: %w", c.ID, err)
			}
		}
		router.Context = cluster
		response, err := engine.Handle(context.Background(), celengine.RequestFromAdmission(router, c.Request), nil)
		if err != nil {
			return fmt.Errorf("case %s: %w", c.ID, err)
		}
		results = append(results, toResult(c.ID, response))
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	return encoder.Encode(results)
}

func exceptions(loaded *policy.LoaderResults) []*policiesv1beta1.PolicyException {
	return append(append([]*policiesv1beta1.PolicyException{}, loaded.PolicyCELExceptions...), loaded.PolicyCelExceptions...)
}

// addObject registers an object under its resource (plural of its kind, lower case).
func addObject(cluster *libs.FakeContextProvider, object map[string]any) error {
	u := &unstructured.Unstructured{Object: object}
	gv, err := schema.ParseGroupVersion(u.GetAPIVersion())
	if err != nil {
		return err
	}
	resources := map[string]string{
		"ReplicaSet":              "replicasets",
		"Deployment":              "deployments",
		"Pod":                     "pods",
		"HorizontalPodAutoscaler": "horizontalpodautoscalers",
	}
	resource, ok := resources[u.GetKind()]
	if !ok {
		return fmt.Errorf("no resource mapping for cluster object kind %q", u.GetKind())
	}
	return cluster.AddResource(gv.WithResource(resource), u)
}

// toResult mirrors the webhook handler's admissionResponse: a policy whose actions include Deny
// denies the request for every failed or errored rule, with the message "Policy <name> failed: <msg>".
func toResult(id string, response vpolengine.EngineResponse) caseResult {
	result := caseResult{ID: id, Allowed: true, Denials: []string{}, Policies: []policyResult{}}
	for _, p := range response.Policies {
		pr := policyResult{Name: p.Policy.GetName(), Rules: []ruleResult{}}
		for i := range p.Rules {
			rule := &p.Rules[i]
			pr.Rules = append(pr.Rules, ruleResult{Name: rule.Name(), Status: string(rule.Status()), Message: rule.Message()})
			if !p.Actions.Has(admissionregistrationv1.Deny) {
				continue
			}
			switch rule.Status() {
			case engineapi.RuleStatusFail:
				result.Denials = append(result.Denials, fmt.Sprintf("Policy %s failed: %s", p.Policy.GetName(), rule.Message()))
			case engineapi.RuleStatusError:
				result.Denials = append(result.Denials, fmt.Sprintf("Policy %s error: %s", p.Policy.GetName(), rule.Message()))
			}
		}
		result.Policies = append(result.Policies, pr)
	}
	result.Allowed = len(result.Denials) == 0
	return result
}
