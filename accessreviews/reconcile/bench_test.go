package reconcile

import (
	"fmt"
	"testing"

	"github.com/graphkit/governance/accessreviews"
)

// benchmarkTenant puts n definitions on a fake tenant (the seed documents
// and the scope examples, renamed as often as needed) and returns them as
// desired state.
func benchmarkTenant(b *testing.B, n int) ([]*accessreviews.Definition, *accessreviews.Client) {
	b.Helper()
	s := newFake(b)
	corpus := append(seedDefinitions(b), scopeDefinitions(b)...)
	var desired []*accessreviews.Definition
	for i := range n {
		d := *corpus[i%len(corpus)]
		d.DisplayName = fmt.Sprintf("%s #%d", d.DisplayName, i)
		desired = append(desired, &d)
	}
	c := s.Client()
	p, err := NewPlan(b.Context(), c, desired, nil)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := p.Apply(b.Context(), c, nil); err != nil {
		b.Fatal(err)
	}
	return desired, c
}

// BenchmarkPlanNoChange plans 100 definitions that all match the tenant:
// one list of the tenant's definitions and 200 normal forms.
func BenchmarkPlanNoChange(b *testing.B) {
	desired, c := benchmarkTenant(b, 100)
	b.ReportAllocs()
	for b.Loop() {
		p, err := NewPlan(b.Context(), c, desired, nil)
		if err != nil || p.HasChanges() {
			b.Fatal(err, p)
		}
	}
}

// BenchmarkNormalForm computes the normal form of one multi-stage
// definition read from the service.
func BenchmarkNormalForm(b *testing.B) {
	d := seedDefinitions(b)[1]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := normalForm(d); err != nil {
			b.Fatal(err)
		}
	}
}
