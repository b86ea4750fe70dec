package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/examples/internal/setup"
	"github.com/graphkit/governance/scope"
)

func main() {
	setup.Main(func(e *setup.Env) error { _, err := run(e); return err }, directory())
}

// result is one definition of the reference: as built, and as the service
// stored it (nil on a tenant, where nothing is created).
type result struct {
	Built   *accessreviews.Definition
	Created *accessreviews.Definition
}

// run builds the four definitions, validates them and, on the fake, creates
// them.
func run(e *setup.Env) ([]result, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	// The reference starts its reviews in 2020; starting them today makes
	// the first instance open now instead of years of instances in the past.
	var out []result
	for i, def := range definitions(e.Today()) {
		e.Step("Example %d: %s", i+1, def.DisplayName)
		if err := def.Validate(); err != nil {
			return out, fmt.Errorf("create-definitions: example %d is invalid: %w", i+1, err)
		}
		if e.Warnings(def) == 0 {
			e.Printf("lint:       no warnings")
		}
		r := result{Built: def}
		if e.OnFake() {
			created, err := e.Client.Definitions.Create(ctx, def)
			if err != nil {
				return out, fmt.Errorf("create-definitions: create example %d: %w", i+1, err)
			}
			r.Created = created
			e.Printf("created:    definition %s, status %s", created.ID, created.Status)
			def = created
		} else {
			e.Printf("valid; not created on a tenant: its IDs are the reference's")
		}
		describe(e, def)
		out = append(out, r)
	}
	e.Step("Done: %d definitions", len(out))
	return out, nil
}

// describe prints what a definition does, in words.
func describe(e *setup.Env, def *accessreviews.Definition) {
	e.Printf("scope:      %s", scope.DescribeReview(def.Scope, def.InstanceEnumerationScope))
	if def.IsMultiStage() {
		for _, st := range def.StageSettings {
			moves := "every item"
			if st.DecisionsThatWillMoveToNextStage != nil {
				moves = joinDecisions(st.DecisionsThatWillMoveToNextStage)
			}
			e.Printf("stage %s:    %d days, reviewed by %s; moves on: %s",
				st.StageID, st.DurationInDays, scope.DescribeReviewers(st.Reviewers), moves)
			if len(st.FallbackReviewers) > 0 {
				e.Printf("            fallback: %s", scope.DescribeReviewers(st.FallbackReviewers))
			}
		}
	} else {
		e.Printf("reviewers:  %s", scope.DescribeReviewers(def.Reviewers))
		if len(def.FallbackReviewers) > 0 {
			e.Printf("fallback:   %s", scope.DescribeReviewers(def.FallbackReviewers))
		}
	}
	e.Printf("recurrence: %s", def.Settings.Recurrence)
	if def.Settings.DefaultDecisionEnabled {
		e.Printf("unreviewed: %s by default, applied automatically: %t",
			def.Settings.DefaultDecision, def.Settings.AutoApplyDecisionsEnabled)
	}
}

func joinDecisions(ds []accessreviews.Decision) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = string(d)
	}
	return strings.Join(s, ", ")
}
