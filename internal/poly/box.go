package poly

import (
	"reflect"
	"sync"
	"unsafe"
)

// Boxing decoded values.
//
// An interface value of a struct type points to a copy of the struct on
// the heap: one allocation per value. A decision item holds three
// polymorphic values (principal, resource, target), and lists stream
// hundreds of thousands of items, so those allocations would be a third of
// a list's. boxes instead decodes each value into the next element of a
// slab of slabSize values and makes the interface point at it: one
// allocation per slabSize values.
//
// This relies on the representation of interface values that the Go
// runtime, reflect and the standard library's own code share: two words,
// the type (or itab) and a pointer to the value, for every type that is not
// pointer-shaped. An element is written once, by the decoder, before its
// interface value exists, and never again, so it is as immutable as any
// boxed value. An interface value keeps its whole slab alive; a slab is
// about slabSize times the size of the type, a few kilobytes.

// slabSize is the number of values per slab.
const slabSize = 64

// slab is a run of values handed out one at a time.
type slab[T any] struct {
	items [slabSize]T
	next  int
}

// boxes hands out the elements of slabs of T, and boxes them as I.
type boxes[T, I any] struct {
	proto I // an I holding a T: its first word is copied into every box
	pool  sync.Pool
	slabs bool // whether T is boxed in slabs (see newBoxes)
}

// newBoxes returns the boxes of T as I, proto being any I holding a T.
// Types that are pointer-shaped, or no larger than a pointer, are boxed the
// ordinary way: their interface value does not point to a copy, or the
// runtime boxes them without allocating.
func newBoxes[T, I any](proto I) *boxes[T, I] {
	it, t := reflect.TypeFor[I](), reflect.TypeFor[T]()
	return &boxes[T, I]{
		proto: proto,
		slabs: it.Kind() == reflect.Interface && t.Kind() == reflect.Struct && t.Size() > unsafe.Sizeof(uintptr(0)),
	}
}

// next returns a zero T to decode into; box boxes it once decoded.
func (b *boxes[T, I]) next() *T {
	if !b.slabs {
		return new(T)
	}
	s, _ := b.pool.Get().(*slab[T])
	if s == nil || s.next == slabSize {
		s = new(slab[T])
	}
	p := &s.items[s.next]
	s.next++
	// The slab goes back before p is decoded: a value nested in p takes
	// the next element.
	b.pool.Put(s)
	return p
}

// box returns an I holding *p, p having come from next: for a type boxed
// in slabs, the type word of proto and p itself.
func (b *boxes[T, I]) box(p *T) I {
	if !b.slabs {
		return any(*p).(I)
	}
	v := b.proto
	(*[2]unsafe.Pointer)(unsafe.Pointer(&v))[1] = unsafe.Pointer(p)
	return v
}
