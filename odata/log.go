package odata

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// Log records of the transport. They are written only when WithLogger set a
// logger, and carry only what helps correlate a call with the service's
// logs: method, path without query, status, attempt, wait, client-request-id
// and request-id. Tokens, secrets, query values, headers other than those
// ids, and bodies are never logged.
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
		slog.String("path", st.path),
		slog.Int("attempt", attempt),
		slog.String("client_request_id", st.clientRequestID),
	}
	level := slog.LevelDebug
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
		if id := resp.Header.Get("request-id"); id != "" {
			attrs = append(attrs, slog.String("request_id", truncate(id, 128)))
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
		slog.String("path", st.path),
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
		slog.String("path", st.path),
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
		slog.String("path", st.path),
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
	return truncate(err.Error(), 256)
}
