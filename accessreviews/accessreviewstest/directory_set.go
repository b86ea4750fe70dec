package accessreviewstest

// idSet is an ordered set of object IDs with constant-time membership and
// removal. Removed IDs leave a hole that list skips; the slice is compacted
// when holes are more than half of it, so a long run of removals costs
// linear time overall.
type idSet struct {
	ids   []string
	pos   map[string]int
	holes int
}

func (s *idSet) add(id string) bool {
	if s.pos == nil {
		s.pos = map[string]int{}
	}
	k := key(id)
	if _, ok := s.pos[k]; ok {
		return false
	}
	s.pos[k] = len(s.ids)
	s.ids = append(s.ids, id)
	return true
}

func (s *idSet) has(id string) bool {
	_, ok := s.pos[key(id)]
	return ok
}

func (s *idSet) remove(id string) bool {
	k := key(id)
	i, ok := s.pos[k]
	if !ok {
		return false
	}
	delete(s.pos, k)
	s.ids[i] = ""
	s.holes++
	if s.holes > len(s.ids)/2 {
		s.compact()
	}
	return true
}

func (s *idSet) compact() {
	out := s.ids[:0]
	for _, id := range s.ids {
		if id != "" {
			s.pos[key(id)] = len(out)
			out = append(out, id)
		}
	}
	clear(s.ids[len(out):])
	s.ids, s.holes = out, 0
}

// list returns the IDs in insertion order, as a new slice.
func (s *idSet) list() []string {
	out := make([]string, 0, len(s.ids)-s.holes)
	for _, id := range s.ids {
		if id != "" {
			out = append(out, id)
		}
	}
	return out
}

func (s *idSet) len() int { return len(s.ids) - s.holes }
