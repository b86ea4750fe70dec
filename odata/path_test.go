package odata

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const pathTestGUID = "7eae86bf-1e5b-4e5b-a9f3-0d8a1a6f1c53"

func TestJoinPathBuildsEscapedPaths(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		segs []Segment
		want string
	}{
		{"literals", []Segment{Lit("identityGovernance"), Lit("accessReviews/definitions")},
			"identityGovernance/accessReviews/definitions"},
		{"guid", []Segment{Lit("identityGovernance/accessReviews/definitions"), GUID("definitionId", pathTestGUID), Lit("instances")},
			"identityGovernance/accessReviews/definitions/" + pathTestGUID + "/instances"},
		{"function literal kept", []Segment{Lit("identityGovernance/accessReviews/definitions"), Lit("filterByCurrentUser(on='reviewer')")},
			"identityGovernance/accessReviews/definitions/filterByCurrentUser(on='reviewer')"},
		{"key escaped", []Segment{Lit("users"), Key("userId", "alice smith@contoso.com")}, "users/alice%20smith@contoso.com"},
		{"key with query characters", []Segment{Lit("x"), Key("k", "a?b#c&d=e")}, "x/a%3Fb%23c&d=e"},
		{"key with colon", []Segment{Key("k", "https:evil")}, "https%3Aevil"},
		{"key with quote", []Segment{Key("k", "o'brien")}, "o%27brien"},
		{"key with literal percent", []Segment{Key("k", "100%")}, "100%25"},
		{"unicode key", []Segment{Key("k", "José")}, "Jos%C3%A9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := JoinPath(tt.segs...)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestJoinPathRejectsHostileSegments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		seg   Segment
		field string
	}{
		{"guid traversal", GUID("definitionId", "../x"), "definitionId"},
		{"guid empty", GUID("definitionId", ""), "definitionId"},
		{"guid with suffix", GUID("definitionId", pathTestGUID+"/x"), "definitionId"},
		{"guid with crlf", GUID("definitionId", pathTestGUID+"\r\nX-Evil: 1"), "definitionId"},
		{"key traversal", Key("userId", "../x"), "userId"},
		{"key dotdot", Key("userId", ".."), "userId"},
		{"key dot", Key("userId", "."), "userId"},
		{"key slash", Key("userId", "a/b"), "userId"},
		{"key backslash", Key("userId", `a\b`), "userId"},
		{"key empty", Key("userId", ""), "userId"},
		{"key encoded dotdot", Key("userId", "%2e%2e"), "userId"},
		{"key encoded dotdot upper", Key("userId", "%2E%2E"), "userId"},
		{"key mixed traversal", Key("userId", "..%2f"), "userId"},
		{"key encoded slash", Key("userId", "a%2Fb"), "userId"},
		{"key encoded backslash", Key("userId", "a%5cb"), "userId"},
		{"key double encoded", Key("userId", "%252e%252e"), "userId"},
		{"key double encoded slash", Key("userId", "a%252fb"), "userId"},
		{"key newline", Key("userId", "a\nb"), "userId"},
		{"key crlf header injection", Key("userId", "a\r\nAuthorization: x"), "userId"},
		{"key encoded crlf", Key("userId", "a%0d%0ab"), "userId"},
		{"key nul", Key("userId", "a\x00b"), "userId"},
		{"key fullwidth solidus", Key("userId", "a\uFF0Fb"), "userId"},
		{"key division slash", Key("userId", "a\u2215b"), "userId"},
		{"key fullwidth dots", Key("userId", "\uFF0E\uFF0E"), "userId"},
		{"key bidi override", Key("userId", "abc\u202Etxt"), "userId"},
		{"key invalid utf8", Key("userId", "a\xffb"), "userId"},
		{"key too long", Key("userId", strings.Repeat("a", maxKeyLen+1)), "userId"},
		{"key encoded too often", Key("userId", "%25252525252541"), "userId"},
		{"literal empty", Lit(""), "path[0]"},
		{"literal traversal", Lit("a/../b"), "path[0]"},
		{"literal leading slash", Lit("/a"), "path[0]"},
		{"literal percent", Lit("a%2fb"), "path[0]"},
		{"literal query", Lit("a?b"), "path[0]"},
		{"literal space", Lit("a b"), "path[0]"},
		{"zero segment", Segment{}, "path[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := JoinPath(tt.seg)
			require.Error(t, err)
			assert.Empty(t, got)
			assert.ErrorIs(t, err, ErrInvalid)
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.NotContains(t, err.Error(), "\n"+"Authorization")
		})
	}
}

func TestJoinPathReportsEveryProblem(t *testing.T) {
	t.Parallel()
	_, err := JoinPath(Lit("definitions"), GUID("definitionId", "nope"), Lit("instances"), Key("instanceId", "../x"), Lit(""))
	require.Error(t, err)
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *FieldError
		require.ErrorAs(t, e, &fe)
		fields = append(fields, fe.Field)
	}
	assert.Equal(t, []string{"definitionId", "instanceId", "path[4]"}, fields)

	_, err = JoinPath()
	assert.True(t, errors.Is(err, ErrInvalid))
}
