//lint:file-ignore SA1019 the test covers the deprecated legacy services too: they are still public
package accessreviews_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/legacy"
)

// TestEveryServiceFailsWithoutTransport calls every exported method of every
// service of a zero Client and of a Client built on a nil *odata.Client, in
// accessreviews and in legacy, with zero arguments: each must return an
// error (a list yields exactly one), wrapped with its package, and none may
// panic. The services and methods are found by reflection, so a new one is
// covered without being listed.
func TestEveryServiceFailsWithoutTransport(t *testing.T) {
	t.Parallel()
	clients := []struct {
		name   string
		client any
		prefix string
	}{
		{"zero accessreviews.Client", &accessreviews.Client{}, "accessreviews: "},
		{"accessreviews.New(nil)", accessreviews.New(nil), "accessreviews: "},
		{"zero legacy.Client", &legacy.Client{}, "legacy: "},
		{"legacy.New(nil)", legacy.New(nil), "legacy: "},
	}
	for _, cl := range clients {
		v := reflect.ValueOf(cl.client).Elem()
		services := 0
		for i := range v.NumField() {
			field := v.Type().Field(i)
			if !field.IsExported() || field.Type.Kind() != reflect.Pointer {
				continue
			}
			services++
			svc := v.Field(i)
			require.Positive(t, svc.NumMethod(), "%s.%s has no methods", cl.name, field.Name)
			for j := range svc.NumMethod() {
				name := fmt.Sprintf("%s/%s.%s", cl.name, field.Name, svc.Type().Method(j).Name)
				method := svc.Method(j)
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					err := callWithZeroArgs(t, method)
					require.Error(t, err)
					assert.True(t, strings.HasPrefix(err.Error(), cl.prefix), "error %q lacks the prefix %q", err, cl.prefix)
				})
			}
		}
		require.Positive(t, services, "%s has no services", cl.name)
	}
}

// callWithZeroArgs calls m with a live context and zero values for its
// other parameters and returns its error: the last result, or the error
// an iterator result yields. A panic fails the test.
func callWithZeroArgs(t *testing.T, m reflect.Value) (err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("panic: %v", r)
		}
	}()
	mt := m.Type()
	ctxType := reflect.TypeFor[context.Context]()
	n := mt.NumIn()
	if mt.IsVariadic() {
		n--
	}
	args := make([]reflect.Value, n)
	for i := range n {
		if mt.In(i) == ctxType {
			args[i] = reflect.ValueOf(t.Context())
		} else {
			args[i] = reflect.Zero(mt.In(i))
		}
	}
	out := m.Call(args)
	require.NotEmpty(t, out, "the method returns nothing")
	last := out[len(out)-1]
	errType := reflect.TypeFor[error]()
	if last.Type() == errType {
		if last.IsNil() {
			return nil
		}
		return last.Interface().(error)
	}
	require.Equal(t, reflect.Func, last.Kind(), "the last result is neither an error nor an iterator")
	yields := 0
	for _, e := range last.Seq2() {
		yields++
		require.Equal(t, errType, e.Type(), "the iterator yields no error")
		if !e.IsNil() {
			err = e.Interface().(error)
		}
	}
	assert.Equal(t, 1, yields, "the iterator yields one error and nothing else")
	return err
}
