package odata

import (
	"encoding/json/v2"
	"errors"
	"fmt"
	"strings"

	"github.com/graphkit/governance/internal/check"
)

// This file holds the decoding of a $batch answer, kept apart from the
// control flow of batch.go: what Batch does when the answer cannot be
// decoded or contradicts itself is decided there.

// decodeBatchEnvelope decodes the body of a 2xx $batch answer. A body that
// is not a JSON object with a "responses" array is an error.
func decodeBatchEnvelope(raw *rawBody) ([]batchWireResponse, error) {
	if raw.contentType != "" && !isJSONMediaType(raw.contentType) {
		return nil, fmt.Errorf("response is %q, not JSON", check.Truncate(raw.contentType, 64))
	}
	var out struct {
		Responses *[]batchWireResponse `json:"responses"`
	}
	if err := json.Unmarshal(raw.data, &out, responseOptions()); err != nil {
		return nil, fmt.Errorf("decode response: %w", err)
	}
	if out.Responses == nil {
		return nil, errors.New(`response has no "responses" array`)
	}
	return *out.Responses, nil
}

// batchAnswers indexes sub-responses by lowercased id. An id answered more
// than once with different statuses maps, in conflict, to the status that
// contradicts the first: such an answer proves nothing about the request.
func batchAnswers(responses []batchWireResponse) (byID map[string]*batchWireResponse, conflict map[string]int) {
	byID = make(map[string]*batchWireResponse, len(responses))
	conflict = make(map[string]int)
	for k := range responses {
		r := &responses[k]
		key := strings.ToLower(r.ID)
		switch prev := byID[key]; {
		case prev == nil:
			byID[key] = r
		case prev.Status != r.Status && conflict[key] == 0:
			conflict[key] = r.Status
		}
	}
	return byID, conflict
}
