package odata

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/graphkit/governance/internal/check"
)

// Log records of the transport. They are written only when WithLogger set a
// logger, and carry only what helps correlate a call with the service's
// logs: method, path without query (a template without identifiers unless
// WithLogIdentifiers), status, attempt, wait, client-request-id and
// request-id. Tokens, secrets, query values, headers other than those ids,
// and bodies are never logged.
const (
	logMsgAttempt  = "odata: attempt"
	logMsgRetry    = "odata: retrying"
	logMsgGate     = "odata: waiting for throttle gate"
	logMsgVerified = "odata: ambiguous call verified as done"
)

// logAttempt records one attempt and its outcome.
func (c *Client) logAttempt(ctx context.Context, st *call, attempt int, resp *http.Response, err error) {
	if c.log == nil {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", st.method),
		slog.String("path", st.logPath),
		slog.Int("attempt", attempt),
		slog.String("client_request_id", st.clientRequestID),
	}
	level := slog.LevelDebug
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
		if id := resp.Header.Get("request-id"); id != "" {
			attrs = append(attrs, slog.String("request_id", check.Truncate(id, 128)))
		}
		if resp.StatusCode >= 400 {
			level = slog.LevelInfo
		}
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", logSafeError(err)))
		level = slog.LevelInfo
	}
	c.log.LogAttrs(ctx, level, logMsgAttempt, attrs...)
}

// logRetry records the decision to retry after wait.
func (c *Client) logRetry(ctx context.Context, st *call, wait time.Duration, reason string) {
	if c.log == nil {
		return
	}
	c.log.LogAttrs(ctx, slog.LevelInfo, logMsgRetry,
		slog.String("method", st.method),
		slog.String("path", st.logPath),
		slog.Int("attempt", st.attemptCount()),
		slog.String("reason", reason),
		slog.Int64("wait_ms", wait.Milliseconds()),
		slog.String("client_request_id", st.clientRequestID),
	)
}

// logWait records a call held back by the throttle gate.
func (c *Client) logWait(ctx context.Context, st *call, wait time.Duration) {
	if c.log == nil {
		return
	}
	c.log.LogAttrs(ctx, slog.LevelInfo, logMsgGate,
		slog.String("method", st.method),
		slog.String("path", st.logPath),
		slog.Int64("wait_ms", wait.Milliseconds()),
		slog.String("client_request_id", st.clientRequestID),
	)
}

// logVerified records an ambiguous call that Request.Verify found done.
func (c *Client) logVerified(ctx context.Context, st *call) {
	if c.log == nil {
		return
	}
	c.log.LogAttrs(ctx, slog.LevelInfo, logMsgVerified,
		slog.String("method", st.method),
		slog.String("path", st.logPath),
		slog.String("client_request_id", st.clientRequestID),
	)
}

// logSafeError renders a transport error without the URL that *url.Error
// would repeat (with its query values).
func logSafeError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return check.Truncate(err.Error(), 256)
}

// idPlaceholder stands for an identifier in a logged path template.
const idPlaceholder = "{id}"

// logPathOf returns how the path of a request appears in log records: as
// sent with WithLogIdentifiers, otherwise as pathTemplate makes it.
func (c *Client) logPathOf(path string) string {
	if c.logIDs {
		return path
	}
	return pathTemplate(path)
}

// pathTemplate replaces by "{id}" every segment of an escaped path that is
// not a plain name, and every value in parentheses that is not one: object
// IDs, user principal names and other keys, whatever their shape, never
// reach a log. "/groups/02bd…/members" becomes "/groups/{id}/members",
// "/users('a@b.com')" becomes "/users({id})", and
// "/filterByCurrentUser(on='reviewer')" stays as it is.
func pathTemplate(path string) string {
	var b strings.Builder
	b.Grow(len(path))
	for i, seg := range strings.Split(path, "/") {
		if i > 0 {
			b.WriteByte('/')
		}
		switch {
		case seg == "" || isPlainName(seg):
			b.WriteString(seg)
		default:
			name, args, ok := strings.Cut(seg, "(")
			if !ok || !isPlainName(name) || !strings.HasSuffix(args, ")") {
				b.WriteString(idPlaceholder)
				continue
			}
			b.WriteString(name)
			b.WriteByte('(')
			writeArgsTemplate(&b, strings.TrimSuffix(args, ")"))
			b.WriteByte(')')
		}
	}
	return b.String()
}

// writeArgsTemplate writes the comma-separated arguments of a function or
// key segment, "name=value" or "value", with every name and value that is
// not a plain name (quoted or not) replaced by "{id}".
func writeArgsTemplate(b *strings.Builder, args string) {
	if args == "" {
		return
	}
	for i, arg := range strings.Split(args, ",") {
		if i > 0 {
			b.WriteByte(',')
		}
		if name, value, ok := strings.Cut(arg, "="); ok {
			if isPlainName(name) {
				b.WriteString(name)
			} else {
				b.WriteString(idPlaceholder)
			}
			b.WriteByte('=')
			arg = value
		}
		unquoted, quoted := strings.CutPrefix(arg, "'")
		if quoted {
			unquoted, quoted = strings.CutSuffix(unquoted, "'")
		}
		if quoted && isPlainName(unquoted) || !quoted && isPlainName(arg) {
			b.WriteString(arg)
		} else {
			b.WriteString(idPlaceholder)
		}
	}
}

// isPlainName reports whether s reads as the name of an entity set,
// property, function or action: ASCII letters only, optionally after a "$"
// ("$batch", "$ref") or qualified by Graph's namespace
// ("microsoft.graph.user"). Anything with a digit, "@", "-", "%", a quote,
// other punctuation or another dot is taken for an identifier.
func isPlainName(s string) bool {
	s = strings.TrimPrefix(s, "$")
	s = strings.TrimPrefix(s, "microsoft.graph.")
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}
