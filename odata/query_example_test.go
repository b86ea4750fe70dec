package odata_test

import (
	"fmt"
	"time"

	"github.com/graphkit/governance/odata"
)

// A typed filter quotes every value, so an apostrophe in a name stays inside
// its literal, and Encode percent-encodes the options behind literal "$"
// names.
func ExampleQuery_Encode() {
	q := &odata.Query{
		Filter: odata.And(
			odata.Eq("status", "InProgress"),
			odata.Or(
				odata.Contains("displayName", "O'Brien"),
				odata.Ge("createdDateTime", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)),
			),
		),
		Select:  []string{"id", "displayName"},
		OrderBy: []string{"createdDateTime desc"},
		Top:     100,
	}
	fmt.Println(q.Filter)
	enc, err := q.Encode()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(enc)
	// Output:
	// status eq 'InProgress' and (contains(displayName,'O''Brien') or createdDateTime ge 2025-01-01T00:00:00Z)
	// $filter=status%20eq%20'InProgress'%20and%20(contains(displayName,'O''Brien')%20or%20createdDateTime%20ge%202025-01-01T00:00:00Z)&$select=id,displayName&$orderby=createdDateTime%20desc&$top=100
}

// Lambda operators name the collection member through a variable of the
// caller's choosing.
func ExampleAny() {
	f := odata.And(
		odata.Any("groupTypes", "c", odata.Eq("c", "Unified")),
		odata.Not(odata.StartsWith("displayName", "Test")),
	)
	fmt.Println(f)
	// Output:
	// groupTypes/any(c:c eq 'Unified') and not startswith(displayName,'Test')
}

// Invalid input is reported before anything is sent, every problem at once.
func ExampleQuery_Validate() {
	q := &odata.Query{
		Filter: odata.Eq("display name", "x"),
		Select: []string{"id", "a;b"},
		Top:    -1,
	}
	fmt.Println(q.Validate())
	// Output:
	// top: must not be negative, got -1
	// select[1]: "a;b" is not a property path
	// filter: field "display name" is not a property path
}

// Paths are joined from checked segments: literals from code, GUIDs and
// escaped opaque keys.
func ExampleJoinPath() {
	path, err := odata.JoinPath(
		odata.Lit("identityGovernance/accessReviews/definitions"),
		odata.GUID("definitionId", "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53"),
		odata.Lit("instances/filterByCurrentUser(on='reviewer')"),
	)
	fmt.Println(path, err)

	_, err = odata.JoinPath(odata.Lit("users"), odata.Key("userId", "../me"))
	fmt.Println(err)
	// Output:
	// identityGovernance/accessReviews/definitions/7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53/instances/filterByCurrentUser(on='reviewer') <nil>
	// userId: must not contain a slash or backslash
}
