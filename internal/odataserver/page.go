package odataserver

import (
	"bytes"
	"encoding/base64"
	"encoding/json/jsontext"
	"encoding/json/v2"
	"errors"
	"hash/crc32"
	"strconv"
	"strings"
)

// ErrSkipToken is the problem with a $skiptoken that no page of this
// collection issued. SkipTokenMessage is how Graph words it.
var ErrSkipToken = errors.New("odataserver: the $skiptoken is invalid or belongs to another collection")

// SkipTokenMessage is the message of the 400 answering ErrSkipToken.
const SkipTokenMessage = "The $skiptoken is invalid or belongs to another collection."

// Page says how to cut one page of a collection for one request.
type Page struct {
	// Query is the request's options: $skip or $skiptoken, $top, $select.
	Query Query
	// Size is the largest page the server returns.
	Size int
	// Context is the response's @odata.context.
	Context string
	// Path is the collection's path; a skip token is bound to it, so a
	// token pasted onto another collection is refused rather than misread.
	Path string
	// NextLink returns the absolute link of the page a skip token starts.
	NextLink func(skipToken string) string
}

// Encode returns one page of items as a Graph collection response: $skip
// (or the page's $skiptoken), then at most $top and at most Size items,
// each with $select applied, @odata.count on the first page and an opaque
// @odata.nextLink when more items follow. Only the page's own items are
// encoded. The error is ErrSkipToken or an encoding failure.
func Encode[T any](p Page, items []T) ([]byte, error) {
	offset, first := p.Query.Skip, true
	if p.Query.SkipToken != "" {
		off, ok := decodeSkipToken(p.Query.SkipToken, p.Path)
		if !ok {
			return nil, ErrSkipToken
		}
		offset, first = off, false
	}
	size := p.Size
	if p.Query.Top >= 0 && p.Query.Top < size {
		size = p.Query.Top
	}
	offset = min(offset, len(items))
	end := min(offset+size, len(items))

	var b bytes.Buffer
	b.WriteString(`{"@odata.context":`)
	writeString(&b, p.Context)
	if first {
		b.WriteString(`,"@odata.count":`)
		b.WriteString(strconv.Itoa(len(items)))
	}
	b.WriteString(`,"value":[`)
	for i, it := range items[offset:end] {
		if i > 0 {
			b.WriteByte(',')
		}
		raw, err := Select(it, p.Query.Select)
		if err != nil {
			return nil, err
		}
		b.Write(raw)
	}
	b.WriteByte(']')
	if size > 0 && end < len(items) && p.NextLink != nil {
		b.WriteString(`,"@odata.nextLink":`)
		writeString(&b, p.NextLink(encodeSkipToken(end, p.Path)))
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Select encodes v, keeping only the properties in sel (and id and
// @odata.type, which Graph always returns) when sel is not empty; a value
// that is not a JSON object is encoded whole.
func Select(v any, sel []string) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || len(sel) == 0 {
		return b, err
	}
	var m map[string]jsontext.Value
	if json.Unmarshal(b, &m) != nil {
		return b, nil
	}
	keep := make(map[string]jsontext.Value, len(sel)+2)
	for k, val := range m {
		if k == "id" || k == "@odata.type" || k == "@odata.context" {
			keep[k] = val
			continue
		}
		for _, s := range sel {
			if strings.EqualFold(strings.TrimSpace(s), k) {
				keep[k] = val
				break
			}
		}
	}
	return json.Marshal(keep, json.Deterministic(true))
}

// WithContext returns the JSON object obj with @odata.context set to ctx
// as its first member. A value that is not an object is returned as it is.
func WithContext(obj []byte, ctx string) []byte {
	trimmed := bytes.TrimLeft(obj, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return obj
	}
	var b bytes.Buffer
	b.Grow(len(obj) + len(ctx) + 24)
	b.WriteString(`{"@odata.context":`)
	writeString(&b, ctx)
	rest := bytes.TrimLeft(trimmed[1:], " \t\r\n")
	if len(rest) > 0 && rest[0] != '}' {
		b.WriteByte(',')
	}
	b.Write(rest)
	return b.Bytes()
}

// encodeSkipToken makes the opaque token of the page at offset of the
// collection at path. The path's checksum ties a token to its collection.
func encodeSkipToken(offset int, path string) string {
	raw := "p1." + strconv.Itoa(offset) + "." + strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(path))), 36)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// decodeSkipToken reads a token made by encodeSkipToken for path.
func decodeSkipToken(tok, path string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, false
	}
	parts := strings.Split(string(raw), ".")
	if len(parts) != 3 || parts[0] != "p1" {
		return 0, false
	}
	off, err := strconv.Atoi(parts[1])
	if err != nil || off < 0 {
		return 0, false
	}
	if parts[2] != strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(path))), 36) {
		return 0, false
	}
	return off, true
}

func writeString(b *bytes.Buffer, s string) {
	enc, _ := jsontext.AppendQuote(nil, s)
	b.Write(enc)
}
