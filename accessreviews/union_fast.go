package accessreviews

import "unicode/utf8"

// The polymorphic holders of a Decision (principal, resource) are decoded by
// the hundred thousand. Through encoding/json each one is a nested
// json.Unmarshal costing five allocations besides its strings (the decoder
// state, its error context and field stack, the escaping wire struct, the
// interface box). Nearly every such object the service sends is flat: string
// members spelled exactly as the wire struct's tags, in plain UTF-8 without
// escapes. The scanners below read that form directly and report false for
// anything else (another key spelling, a number, null, a nested value, an
// escape, invalid UTF-8), in which case the caller falls back to
// encoding/json, so the result never differs from what json.Unmarshal gives.

// scanIdentityWire fills w from data when data is a flat object of plain
// strings whose keys are the exact tags of identityWire.
func scanIdentityWire(data []byte, w *identityWire) bool {
	return scanFlatObject(data, func(key, val []byte) bool {
		var dst *string
		switch string(key) {
		case "@odata.type":
			dst = &w.Type
		case "odata.type":
			dst = &w.LegacyType
		case "id":
			dst = &w.ID
		case "displayName":
			dst = &w.DisplayName
		case "userPrincipalName":
			dst = &w.UserPrincipalName
		case "ipAddress":
			dst = &w.IPAddress
		case "appId":
			dst = &w.AppID
		default:
			return false
		}
		*dst = string(val)
		return true
	})
}

// scanResourceWire is scanIdentityWire for the resource properties common
// to most decisions; a nested scope or any other property falls back.
func scanResourceWire(data []byte, w *resourceWire) bool {
	return scanFlatObject(data, func(key, val []byte) bool {
		switch string(key) {
		case "@odata.type":
			w.Type = string(val)
		case "odata.type":
			w.LegacyType = string(val)
		case "id":
			w.ID = string(val)
		case "displayName":
			w.DisplayName = string(val)
		case "type":
			w.ResourceType = ResourceType(val)
		case "description":
			w.Description = string(val)
		default:
			return false
		}
		return true
	})
}

// scanFlatObject calls set for each member of data, a JSON object whose
// values are all strings without escapes, and reports whether data had that
// form and set accepted every member. Members set before a false return may
// have been stored: the caller then discards what it filled.
func scanFlatObject(data []byte, set func(key, val []byte) bool) bool {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return false
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return skipSpace(data, i+1) == len(data)
	}
	for {
		key, next, ok := scanPlainString(data, i)
		if !ok {
			return false
		}
		i = skipSpace(data, next)
		if i >= len(data) || data[i] != ':' {
			return false
		}
		val, next, ok := scanPlainString(data, skipSpace(data, i+1))
		if !ok || !set(key, val) {
			return false
		}
		i = skipSpace(data, next)
		if i >= len(data) {
			return false
		}
		switch data[i] {
		case ',':
			i = skipSpace(data, i+1)
		case '}':
			return skipSpace(data, i+1) == len(data)
		default:
			return false
		}
	}
}

// scanPlainString returns the contents of the JSON string at data[i] and the
// index after it, when the string has no escape and is valid UTF-8: then its
// contents are its value, exactly as encoding/json would decode it.
func scanPlainString(data []byte, i int) (s []byte, next int, ok bool) {
	if i >= len(data) || data[i] != '"' {
		return nil, 0, false
	}
	ascii := true
	for j := i + 1; j < len(data); j++ {
		switch c := data[j]; {
		case c == '"':
			s = data[i+1 : j]
			if !ascii && !utf8.Valid(s) {
				return nil, 0, false
			}
			return s, j + 1, true
		case c == '\\' || c < 0x20:
			return nil, 0, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, 0, false
}

// skipSpace returns the index of the first byte at or after i that is not
// JSON whitespace.
func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}
