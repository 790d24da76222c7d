# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, nonecheck=False
"""Compiled inner loops of the conversation engine.

Each kernel does exactly what the column-wise polars/numpy path does; that path stays the
reference, scores whatever a kernel leaves, and is what the tests compare with, bit for bit:

* :class:`CueSearch`, the marker cue sums of :mod:`closeknit.conversation.markers.scoring`:
  normalise, search every cue at once (an Aho-Corasick automaton over UTF-8, overlapping
  matches), drop negated cues, sum the weights per marker;
* :class:`EmotionLogits`, the emotion classifier's logits of
  :mod:`closeknit.conversation.emotions`: lower-case, tokenise, look the unigrams and bigrams
  up and sum their weight rows, normalise, add the intercept.

No Unicode rule is written here. What a character is (its lower case, whether it is a word
character, a space, a symbol, kept by the normalisation, an apostrophe) is asked once per
code point of the reference's own regular expressions in polars, through the ``classify``
function each kernel is given (:func:`closeknit.conversation.kernels.classify`), and kept in a
:class:`CharTable`. A text holding a character the table cannot describe exactly (one whose
lower case depends on its neighbours, like the Greek capital sigma, or is several
characters) is left untouched and marked as not done, for the reference.

Each kernel reads every text's characters in place (no copy per text) and releases the GIL
for its main loop, so two kernels run on two cores at once.
"""

import threading

from libc.math cimport sqrt
from libc.stdint cimport int32_t, int64_t, uint8_t, uint32_t, uint64_t
from libc.stdlib cimport calloc, free, malloc, qsort, realloc
from libc.string cimport memcmp, memcpy, memset


cdef extern from "Python.h":
    void* PyCapsule_GetPointer(object capsule, const char* name) except? NULL


# The Arrow C stream interface (https://arrow.apache.org/docs/format/CStreamInterface.html):
# polars hands its string columns over through it without a copy, and without one Python
# object per text.
cdef extern from *:
    """
    #ifndef ARROW_C_STREAM_INTERFACE
    #define ARROW_C_STREAM_INTERFACE
    struct ArrowSchema {
      const char* format; const char* name; const char* metadata; int64_t flags;
      int64_t n_children; struct ArrowSchema** children; struct ArrowSchema* dictionary;
      void (*release)(struct ArrowSchema*); void* private_data;
    };
    struct ArrowArray {
      int64_t length; int64_t null_count; int64_t offset; int64_t n_buffers;
      int64_t n_children; const void** buffers; struct ArrowArray** children;
      struct ArrowArray* dictionary; void (*release)(struct ArrowArray*); void* private_data;
    };
    struct ArrowArrayStream {
      int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
      int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
      const char* (*get_last_error)(struct ArrowArrayStream*);
      void (*release)(struct ArrowArrayStream*); void* private_data;
    };
    #endif
    """
    struct ArrowSchema:
        const char* format
        void (*release)(ArrowSchema*) noexcept nogil

    struct ArrowArray:
        int64_t length
        int64_t null_count
        int64_t offset
        int64_t n_buffers
        const void** buffers
        void (*release)(ArrowArray*) noexcept nogil

    struct ArrowArrayStream:
        int (*get_schema)(ArrowArrayStream*, ArrowSchema*) noexcept nogil
        int (*get_next)(ArrowArrayStream*, ArrowArray*) noexcept nogil
        const char* (*get_last_error)(ArrowArrayStream*) noexcept nogil
        void (*release)(ArrowArrayStream*) noexcept nogil


# Character flags, as :func:`closeknit.conversation.kernels.classify` returns them.
cdef enum:
    WORD = 1        # \w
    SPACE = 2       # \s
    SYMBOL = 4      # what normalisation sets apart by spaces (emoji and other symbols)
    KEPT = 8        # what normalisation keeps (letters, digits, apostrophes, symbols)
    APOSTROPHE = 16 # an apostrophe inside a word token (' or ’)

FLAG_WORD = WORD
FLAG_SPACE = SPACE
FLAG_SYMBOL = SYMBOL
FLAG_KEPT = KEPT
FLAG_APOSTROPHE = APOSTROPHE


# -- What each character is -----------------------------------------------------------------

cdef class CharTable:
    """Code point -> (its lower case, the flags of that lower case), from ``classify``.

    ``classify(code_points)`` returns one ``(lower, flags)`` per code point, with
    ``lower == -1`` for a character whose lower case the kernels cannot reproduce exactly.
    ASCII is classified when the table is made; every other code point the first time a text
    holds it.
    """

    cdef object classify
    cdef uint32_t ascii_lower[128]
    cdef uint8_t ascii_flags[128]
    cdef uint32_t* keys      # code point + 1 (0: empty slot)
    cdef int32_t* lower      # -1: a text holding it goes to the reference
    cdef uint8_t* flags
    cdef uint64_t mask
    cdef Py_ssize_t used

    def __cinit__(self, classify):
        self.classify = classify
        self.mask = 1023
        self.used = 0
        self.keys = <uint32_t*>calloc(self.mask + 1, sizeof(uint32_t))
        self.lower = <int32_t*>malloc((self.mask + 1) * sizeof(int32_t))
        self.flags = <uint8_t*>malloc(self.mask + 1)
        if not (self.keys and self.lower and self.flags):
            raise MemoryError()
        described = classify(list(range(128)))
        if len(described) != 128:
            raise ValueError("classify must describe every code point it is given")
        for cp in range(128):
            low, flag = described[cp]
            if not 0 <= low < 128:
                raise ValueError(f"ASCII {cp} must lower-case to ASCII, not {low}")
            self.ascii_lower[cp] = low
            self.ascii_flags[cp] = flag

    def __dealloc__(self):
        free(self.keys)
        free(self.lower)
        free(self.flags)

    cdef inline uint64_t _slot(self, uint32_t cp) noexcept nogil:
        cdef uint64_t slot = ((<uint64_t>cp * 11400714819323198485ULL) >> 40) & self.mask
        while self.keys[slot] != 0 and self.keys[slot] != cp + 1:
            slot = (slot + 1) & self.mask
        return slot

    cdef inline bint describe(self, uint32_t cp, uint32_t* low, uint8_t* flag) noexcept nogil:
        """The lower case and flags of ``cp``; False if it cannot be described (or was
        never classified)."""
        cdef uint64_t slot
        if cp < 128:
            low[0] = self.ascii_lower[cp]
            flag[0] = self.ascii_flags[cp]
            return True
        slot = self._slot(cp)
        if self.keys[slot] == 0 or self.lower[slot] < 0:
            return False
        low[0] = <uint32_t>self.lower[slot]
        flag[0] = self.flags[slot]
        return True

    cdef bint known(self, uint32_t cp) noexcept nogil:
        return cp < 128 or self.keys[self._slot(cp)] != 0

    cdef int learn(self, list code_points) except -1:
        """Classify code points not seen before and keep what they are."""
        cdef Py_ssize_t i
        cdef uint64_t slot
        if not code_points:
            return 0
        described = self.classify(code_points)
        if len(described) != len(code_points):
            raise ValueError("classify must describe every code point it is given")
        while <uint64_t>(2 * (self.used + len(code_points))) > self.mask:
            self._grow()
        for i in range(len(code_points)):
            cp = code_points[i]
            low, flag = described[i]
            slot = self._slot(cp)
            if self.keys[slot] == 0:
                self.used += 1
            self.keys[slot] = cp + 1
            self.lower[slot] = low if low >= 0 else -1
            self.flags[slot] = flag
        return 0

    cdef int _grow(self) except -1:
        cdef uint64_t old_size = self.mask + 1, slot, i
        cdef uint32_t* keys = self.keys
        cdef int32_t* lower = self.lower
        cdef uint8_t* flags = self.flags
        self.mask = 2 * old_size - 1
        self.keys = <uint32_t*>calloc(self.mask + 1, sizeof(uint32_t))
        self.lower = <int32_t*>malloc((self.mask + 1) * sizeof(int32_t))
        self.flags = <uint8_t*>malloc(self.mask + 1)
        if not (self.keys and self.lower and self.flags):
            free(self.keys)
            free(self.lower)
            free(self.flags)
            self.keys, self.lower, self.flags, self.mask = keys, lower, flags, old_size - 1
            raise MemoryError()
        for i in range(old_size):
            if keys[i] != 0:
                slot = self._slot(keys[i] - 1)
                self.keys[slot] = keys[i]
                self.lower[slot] = lower[i]
                self.flags[slot] = flags[i]
        free(keys)
        free(lower)
        free(flags)
        return 0


# -- Reading the texts ----------------------------------------------------------------------

cdef struct Texts:
    Py_ssize_t n
    const uint8_t** data    # UTF-8, not NUL-terminated
    Py_ssize_t* length      # in bytes
    Py_ssize_t longest
    ArrowArray* chunks      # what the pointers point into, released by _free_texts
    Py_ssize_t n_chunks


cdef uint8_t _EMPTY[1]


cdef inline bint _valid(const ArrowArray* chunk, int64_t i) noexcept nogil:
    cdef const uint8_t* bits = <const uint8_t*>chunk.buffers[0]
    return bits == NULL or (bits[i >> 3] >> (i & 7)) & 1


cdef int _point_at(const char* layout, ArrowArray* chunk, Texts* out, Py_ssize_t start) except -1:
    """Set ``out.data``/``out.length`` for the chunk's texts, from ``start`` on."""
    cdef int64_t i, at
    cdef const uint8_t* view
    cdef const int32_t* offsets32
    cdef const int64_t* offsets64
    cdef int32_t size
    for i in range(chunk.length):
        at = chunk.offset + i
        if not _valid(chunk, at):
            out.data[start + i] = _EMPTY  # a missing text scores as an empty one
            out.length[start + i] = 0
            continue
        if layout[0] == 118:  # "vu": 16-byte views, short texts inline
            view = <const uint8_t*>chunk.buffers[1] + 16 * at
            size = (<const int32_t*>view)[0]
            if size <= 12:
                out.data[start + i] = view + 4
            else:
                out.data[start + i] = (
                    <const uint8_t*>chunk.buffers[2 + (<const int32_t*>view)[2]]
                    + (<const int32_t*>view)[3]
                )
            out.length[start + i] = size
        elif layout[0] == 117:  # "u": 32-bit offsets
            offsets32 = <const int32_t*>chunk.buffers[1]
            out.data[start + i] = <const uint8_t*>chunk.buffers[2] + offsets32[at]
            out.length[start + i] = offsets32[at + 1] - offsets32[at]
        else:  # "U": 64-bit offsets
            offsets64 = <const int64_t*>chunk.buffers[1]
            out.data[start + i] = <const uint8_t*>chunk.buffers[2] + offsets64[at]
            out.length[start + i] = offsets64[at + 1] - offsets64[at]
        if out.length[start + i] > out.longest:
            out.longest = out.length[start + i]
    return 0


cdef int _read_texts(object series, Texts* out, uint8_t[::1] done, CharTable table) except -1:
    """Point at each text of a polars String Series and teach ``table`` the characters it
    has not seen. ``done[i]`` starts at 1 (the kernel sets it to 0 for a text it cannot
    describe)."""
    cdef object capsule = series.__arrow_c_stream__()
    cdef ArrowArrayStream* stream = <ArrowArrayStream*>PyCapsule_GetPointer(
        capsule, "arrow_array_stream"
    )
    cdef ArrowSchema schema
    cdef ArrowArray chunk
    cdef ArrowArray* grown
    cdef Py_ssize_t i, j, n = len(series), seen = 0, capacity = 4
    cdef const char* layout
    cdef uint32_t cp
    cdef Py_ssize_t width
    cdef set unseen = set()
    if done.shape[0] != n:
        raise ValueError(f"done has {done.shape[0]} slots for {n} texts")
    out.n = n
    out.longest = 0
    out.n_chunks = 0
    out.data = <const uint8_t**>malloc(max(n, 1) * sizeof(uint8_t*))
    out.length = <Py_ssize_t*>malloc(max(n, 1) * sizeof(Py_ssize_t))
    out.chunks = <ArrowArray*>malloc(capacity * sizeof(ArrowArray))
    if out.data == NULL or out.length == NULL or out.chunks == NULL:
        _free_texts(out)
        raise MemoryError()
    if stream.get_schema(stream, &schema) != 0:
        _free_texts(out)
        raise ValueError("the texts could not be read (Arrow schema)")
    layout = schema.format
    try:
        if not (layout[0] in (117, 85) and layout[1] == 0) and not (
            layout[0] == 118 and layout[1] == 117 and layout[2] == 0
        ):
            raise TypeError(f"texts must be a String Series, not Arrow format {layout!r}")
        while True:
            if stream.get_next(stream, &chunk) != 0:
                raise ValueError("the texts could not be read (Arrow array)")
            if chunk.release == NULL:
                break  # the end of the stream
            if out.n_chunks == capacity:
                capacity *= 2
                grown = <ArrowArray*>realloc(out.chunks, capacity * sizeof(ArrowArray))
                if grown == NULL:
                    chunk.release(&chunk)
                    raise MemoryError()
                out.chunks = grown
            out.chunks[out.n_chunks] = chunk
            out.n_chunks += 1
            if seen + chunk.length > n:
                raise ValueError("the Series holds more texts than its length")
            _point_at(layout, &out.chunks[out.n_chunks - 1], out, seen)
            seen += chunk.length
        if seen != n:
            raise ValueError("the Series holds fewer texts than its length")
    except BaseException:
        schema.release(&schema)
        stream.release(stream)
        _free_texts(out)
        raise
    schema.release(&schema)
    stream.release(stream)
    try:
        # Characters beyond ASCII that the table has not classified yet.
        for i in range(n):
            done[i] = 1
            j = _ascii_prefix(out.data[i], out.length[i])
            while j < out.length[i]:
                if out.data[i][j] < 128:
                    j += 1
                    continue
                width = _utf8_decode(out.data[i] + j, out.length[i] - j, &cp)
                if width <= 0:
                    break  # not UTF-8: the kernel will leave the text to the reference
                if not table.known(cp):
                    unseen.add(cp)
                j += width
        if unseen:
            table.learn(sorted(unseen))
    except BaseException:
        _free_texts(out)  # the caller frees nothing it was not handed
        raise
    return 0


cdef inline Py_ssize_t _ascii_prefix(const uint8_t* s, Py_ssize_t n) noexcept nogil:
    """How many leading bytes are ASCII, eight at a time (most texts are ASCII throughout)."""
    cdef Py_ssize_t i = 0
    cdef uint64_t word
    while i + 8 <= n:
        memcpy(&word, s + i, 8)
        if word & 0x8080808080808080ULL:
            break
        i += 8
    while i < n and s[i] < 128:
        i += 1
    return i


cdef inline void _count_bytes(
    const uint8_t* s, Py_ssize_t n, uint32_t* question_marks, uint32_t* spaces
) noexcept nogil:
    cdef Py_ssize_t i
    cdef uint32_t q = 0, sp = 0
    for i in range(n):
        q += s[i] == 63
        sp += s[i] == 32
    question_marks[0] = q
    spaces[0] = sp


cdef void _free_texts(Texts* texts) noexcept:
    cdef Py_ssize_t i
    for i in range(texts.n_chunks):
        if texts.chunks[i].release != NULL:
            texts.chunks[i].release(&texts.chunks[i])
    free(texts.data)
    free(texts.length)
    free(texts.chunks)
    texts.data = NULL
    texts.length = NULL
    texts.chunks = NULL
    texts.n_chunks = 0


cdef inline Py_ssize_t _utf8_decode(
    const uint8_t* s, Py_ssize_t available, uint32_t* cp
) noexcept nogil:
    """Decode one code point; returns its width in bytes, or 0 if the bytes are not UTF-8."""
    cdef uint8_t c = s[0]
    cdef Py_ssize_t width, k
    cdef uint32_t value
    if c < 0x80:
        cp[0] = c
        return 1
    if 0xC2 <= c <= 0xDF:
        width = 2
        value = c & 0x1F
    elif 0xE0 <= c <= 0xEF:
        width = 3
        value = c & 0x0F
    elif 0xF0 <= c <= 0xF4:
        width = 4
        value = c & 0x07
    else:
        return 0
    if width > available:
        return 0
    for k in range(1, width):
        if s[k] & 0xC0 != 0x80:
            return 0
        value = (value << 6) | (s[k] & 0x3F)
    # Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if (width == 3 and value < 0x800) or (width == 4 and value < 0x10000):
        return 0
    if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
        return 0
    cp[0] = value
    return width


cdef inline Py_ssize_t _decode(
    CharTable table, const uint8_t* text, Py_ssize_t n, uint32_t* low, uint8_t* flag
) noexcept nogil:
    """Lower-cased code points and their flags; returns how many, or -1 if a character
    cannot be described (or the bytes are not UTF-8)."""
    cdef Py_ssize_t i = 0, count = 0, width
    cdef uint32_t cp
    while i < n:
        if text[i] < 128:
            low[count] = table.ascii_lower[text[i]]
            flag[count] = table.ascii_flags[text[i]]
            i += 1
        else:
            width = _utf8_decode(text + i, n - i, &cp)
            if width == 0 or not table.describe(cp, &low[count], &flag[count]):
                return -1
            i += width
        count += 1
    return count


cdef inline Py_ssize_t _utf8(uint32_t cp, uint8_t* out) noexcept nogil:
    """Write ``cp`` in UTF-8; returns the number of bytes."""
    if cp < 0x80:
        out[0] = <uint8_t>cp
        return 1
    if cp < 0x800:
        out[0] = <uint8_t>(0xC0 | (cp >> 6))
        out[1] = <uint8_t>(0x80 | (cp & 0x3F))
        return 2
    if cp < 0x10000:
        out[0] = <uint8_t>(0xE0 | (cp >> 12))
        out[1] = <uint8_t>(0x80 | ((cp >> 6) & 0x3F))
        out[2] = <uint8_t>(0x80 | (cp & 0x3F))
        return 3
    out[0] = <uint8_t>(0xF0 | (cp >> 18))
    out[1] = <uint8_t>(0x80 | ((cp >> 12) & 0x3F))
    out[2] = <uint8_t>(0x80 | ((cp >> 6) & 0x3F))
    out[3] = <uint8_t>(0x80 | (cp & 0x3F))
    return 4


# -- Hash tables ----------------------------------------------------------------------------

cdef inline uint64_t _hash_bytes(const uint8_t* s, Py_ssize_t n) noexcept nogil:
    # FNV-1a, finished like murmur3 (FNV alone mixes its last bytes poorly into the high
    # bits the tables use).
    cdef uint64_t h = 14695981039346656037ULL
    cdef Py_ssize_t i
    for i in range(n):
        h = (h ^ s[i]) * 1099511628211ULL
    h ^= h >> 33
    h *= 0xff51afd7ed558ccdULL
    h ^= h >> 33
    return h


cdef inline uint64_t _hash_key(int64_t key) noexcept nogil:
    # Fibonacci hashing of an integer key; the tables use the high bits.
    return <uint64_t>key * 11400714819323198485ULL


cdef struct StringSlot:
    # One slot in one cache line: a probe reads nothing else.
    uint64_t hash
    int64_t offset   # in the pool
    int32_t length
    int32_t id       # -1: empty


cdef class _StringIds:
    """Byte strings to non-negative ids; a string not in the table gets -1."""

    cdef uint8_t* pool
    cdef StringSlot* slots
    cdef uint64_t mask
    cdef int shift

    def __cinit__(self, list keys, list ids):
        cdef Py_ssize_t total = 0, i, n = len(keys)
        cdef uint64_t capacity = 16, slot, h
        cdef bytes key
        cdef int shift = 60
        while capacity < 2 * <uint64_t>n + 1:
            capacity *= 2
            shift -= 1
        self.shift = shift
        self.mask = capacity - 1
        for key in keys:
            total += len(key)
        self.pool = <uint8_t*>malloc(max(total, 1))
        self.slots = <StringSlot*>malloc(capacity * sizeof(StringSlot))
        if not (self.pool and self.slots):
            raise MemoryError()
        for slot in range(capacity):
            self.slots[slot].id = -1
        total = 0
        for i in range(n):
            key = keys[i]
            memcpy(self.pool + total, <const char*>key, len(key))
            h = _hash_bytes(self.pool + total, len(key))
            slot = (h >> self.shift) & self.mask
            while self.slots[slot].id != -1:
                if self.slots[slot].hash == h and self.slots[slot].length == len(key) and memcmp(
                    self.pool + self.slots[slot].offset, self.pool + total, len(key)
                ) == 0:
                    raise ValueError(f"duplicate key {key!r}")
                slot = (slot + 1) & self.mask
            self.slots[slot].hash = h
            self.slots[slot].offset = total
            self.slots[slot].length = <int32_t>len(key)
            self.slots[slot].id = <int32_t>ids[i]
            total += len(key)

    def __dealloc__(self):
        free(self.pool)
        free(self.slots)

    cdef inline int32_t find(self, const uint8_t* s, Py_ssize_t n) noexcept nogil:
        cdef uint64_t h = _hash_bytes(s, n)
        cdef uint64_t slot = (h >> self.shift) & self.mask
        cdef StringSlot* entry = &self.slots[slot]
        while entry.id != -1:
            if entry.hash == h and entry.length == n and memcmp(
                self.pool + entry.offset, s, n
            ) == 0:
                return entry.id
            slot = (slot + 1) & self.mask
            entry = &self.slots[slot]
        return -1


cdef struct KeySlot:
    int64_t key      # -1: empty
    int64_t id


cdef class _KeyIds:
    """Non-negative integer keys to ids; a key not in the table gets -1."""

    cdef KeySlot* slots
    cdef uint64_t mask
    cdef int shift

    def __cinit__(self, const int64_t[::1] keys, const int64_t[::1] ids):
        cdef Py_ssize_t i, n = keys.shape[0]
        cdef uint64_t capacity = 16, slot
        cdef int shift = 60
        while capacity < 2 * <uint64_t>n + 1:
            capacity *= 2
            shift -= 1
        self.shift = shift
        self.mask = capacity - 1
        self.slots = <KeySlot*>malloc(capacity * sizeof(KeySlot))
        if not self.slots:
            raise MemoryError()
        for slot in range(capacity):
            self.slots[slot].key = -1
        for i in range(n):
            if keys[i] < 0:
                raise ValueError("keys must be non-negative")
            slot = (_hash_key(keys[i]) >> self.shift) & self.mask
            while self.slots[slot].key != -1 and self.slots[slot].key != keys[i]:
                slot = (slot + 1) & self.mask
            self.slots[slot].key = keys[i]
            self.slots[slot].id = ids[i]

    def __dealloc__(self):
        free(self.slots)

    cdef inline int32_t find(self, int64_t key) noexcept nogil:
        cdef uint64_t slot = (_hash_key(key) >> self.shift) & self.mask
        while self.slots[slot].key != -1:
            if self.slots[slot].key == key:
                return <int32_t>self.slots[slot].id
            slot = (slot + 1) & self.mask
        return -1


# -- Emotion logits -------------------------------------------------------------------------

cdef class EmotionLogits:
    """The emotion classifier's logits (see :mod:`..emotions`).

    ``unigrams`` maps each vocabulary token (as the reference spells it, typographic
    apostrophe variants included) to its feature id; ``bigram_keys`` are the sorted pair
    keys ``a * (n_unigrams + 1) + b`` (feature id ``n_unigrams + position``); ``weights`` has
    one row per feature plus a zero row for the null feature (idf folded in); ``idf_squared``
    and ``intercept`` are as in
    :class:`~closeknit.conversation.emotions.EmotionClassifier`.
    """

    cdef CharTable chars
    cdef _StringIds unigram_ids
    cdef _KeyIds bigram_ids
    cdef const float[:, ::1] weights
    cdef const float[::1] idf_squared
    cdef const float[::1] intercept
    cdef int64_t n_unigrams
    cdef int64_t null_id
    cdef Py_ssize_t labels
    cdef object lock
    cdef bint started

    def __init__(
        self,
        dict unigrams,
        int n_unigrams,
        const int64_t[::1] bigram_keys,
        const float[:, ::1] weights,
        const float[::1] idf_squared,
        const float[::1] intercept,
        classify,
    ):
        cdef Py_ssize_t n_features = n_unigrams + bigram_keys.shape[0]
        # Claimed before any Python code runs (classify may let another thread in).
        if self.started:
            raise RuntimeError("an EmotionLogits is set up once")
        self.started = True
        if weights.shape[0] != n_features + 1 or idf_squared.shape[0] != n_features + 1:
            raise ValueError("weights and idf_squared need one row per feature plus the null row")
        if intercept.shape[0] != weights.shape[1]:
            raise ValueError("intercept needs one value per label")
        self.chars = CharTable(classify)
        self.unigram_ids = _StringIds(
            [token.encode("utf-8") for token in unigrams], list(unigrams.values())
        )
        self.bigram_ids = _KeyIds(bigram_keys, _arange(n_unigrams, n_features))
        self.weights = weights
        self.idf_squared = idf_squared
        self.intercept = intercept
        self.n_unigrams = n_unigrams
        self.null_id = n_features
        self.labels = weights.shape[1]
        self.lock = threading.Lock()  # last: it marks the kernel as set up

    def logits(self, series, float[:, ::1] out, uint8_t[::1] done):
        """Write the logits of each text of ``series`` (a polars String Series) into its row
        of ``out``; ``done[i]`` says whether row ``i`` was written (0: left for the
        reference path)."""
        cdef Texts read
        cdef Py_ssize_t i, longest, count
        cdef uint32_t* low = NULL
        cdef uint8_t* flag = NULL
        cdef uint8_t* token = NULL
        if self.lock is None:
            raise RuntimeError("the EmotionLogits was not set up")
        if out.shape[0] != len(series) or out.shape[1] != self.labels:
            raise ValueError(f"out must have shape ({len(series)}, {self.labels})")
        with self.lock:  # one call at a time: reading the texts may grow the char table
            _read_texts(series, &read, done, self.chars)
            longest = max(read.longest, 1)
            try:
                low = <uint32_t*>malloc(longest * sizeof(uint32_t))
                flag = <uint8_t*>malloc(longest)
                token = <uint8_t*>malloc(4 * longest)
                if low == NULL or flag == NULL or token == NULL:
                    raise MemoryError()
                with nogil:
                    for i in range(read.n):
                        count = _decode(self.chars, read.data[i], read.length[i], low, flag)
                        if count < 0:
                            done[i] = 0
                        else:
                            self._one(low, flag, count, token, &out[i, 0])
            finally:
                free(low)
                free(flag)
                free(token)
                _free_texts(&read)

    cdef inline int64_t _bigram(self, int64_t first, int64_t second) noexcept nogil:
        cdef int32_t found = self.bigram_ids.find(first * (self.n_unigrams + 1) + second)
        return self.null_id if found < 0 else found

    cdef inline void _add_rows(self, float* acc, int64_t first, int64_t second) noexcept nogil:
        # acc += row(first) + row(second), as the reference adds (float32, in this order).
        # The null feature's row is zero, and adding zero changes no bit: it is skipped.
        cdef Py_ssize_t j
        cdef const float* a
        cdef const float* b
        if first == self.null_id and second == self.null_id:
            return
        if second == self.null_id or first == self.null_id:
            a = &self.weights[first if second == self.null_id else second, 0]
            for j in range(self.labels):
                acc[j] += a[j]
            return
        a = &self.weights[first, 0]
        b = &self.weights[second, 0]
        for j in range(self.labels):
            acc[j] += a[j] + b[j]

    cdef void _one(
        self, const uint32_t* low, const uint8_t* flag, Py_ssize_t n, uint8_t* token, float* acc
    ) noexcept nogil:
        # The order of the additions is the reference's, so the sums agree bit for bit:
        # token by token, its unigram row plus the row of the pair it starts.
        cdef Py_ssize_t i = 0, j, k, size
        cdef int64_t uid, pair, feature = -1, previous = -1
        cdef double squares = 0.0
        cdef float norm
        cdef int32_t found
        for k in range(self.labels):
            acc[k] = 0.0
        while i < n:
            if flag[i] & WORD:
                # \w+(?:['’]\w+)*: a word, and more of it after each inner apostrophe.
                j = i + 1
                while j < n and flag[j] & WORD:
                    j += 1
                while j + 1 < n and flag[j] & APOSTROPHE and flag[j + 1] & WORD:
                    j += 2
                    while j < n and flag[j] & WORD:
                        j += 1
            elif flag[i] & SPACE:
                i += 1
                continue
            else:
                j = i + 1  # any other character is a token of its own
            size = 0
            for k in range(i, j):
                size += _utf8(low[k], token + size)
            i = j
            found = self.unigram_ids.find(token, size)
            uid = self.n_unigrams if found < 0 else found
            if previous >= 0:
                pair = self._bigram(previous, uid)
                self._add_rows(acc, feature, pair)
                squares += <double>(self.idf_squared[feature] + self.idf_squared[pair])
            previous = uid
            feature = uid if uid < self.n_unigrams else self.null_id
        if previous >= 0:
            self._add_rows(acc, feature, self.null_id)
            squares += <double>(self.idf_squared[feature] + self.idf_squared[self.null_id])
        norm = <float>sqrt(squares)
        if norm == 0:
            norm = 1.0  # no known feature: the sum is zero and the logit the intercept
        for k in range(self.labels):
            acc[k] = acc[k] / norm + self.intercept[k]


def _arange(Py_ssize_t start, Py_ssize_t stop):
    import numpy as np

    return np.arange(start, stop, dtype=np.int64)


# -- Marker cue sums ------------------------------------------------------------------------

cdef struct Match:
    int32_t start
    int32_t needle


cdef struct Buffer:
    # Scratch that grows as needed and is kept across texts.
    void* data
    Py_ssize_t capacity  # in bytes


cdef void* _reserve(Buffer* buffer, Py_ssize_t used, Py_ssize_t needed) noexcept nogil:
    """``buffer.data`` with room for ``needed`` bytes, keeping its first ``used``; NULL if
    memory ran out (the buffer is then unchanged)."""
    cdef Py_ssize_t capacity
    cdef void* grown
    if needed <= buffer.capacity:
        return buffer.data
    capacity = max(4096, 2 * needed)
    grown = malloc(capacity)
    if grown == NULL:
        return NULL
    if used:
        memcpy(grown, buffer.data, used)
    free(buffer.data)
    buffer.data = grown
    buffer.capacity = capacity
    return grown


cdef int _compare_ints(const void* a, const void* b) noexcept nogil:
    cdef int32_t x = (<const int32_t*>a)[0], y = (<const int32_t*>b)[0]
    return (x > y) - (x < y)


cdef class CueSearch:
    """Raw marker cue sums (see :mod:`..markers.scoring`).

    ``needles`` are the lexicon's needles; ``rows[i]`` lists needle ``i``'s ``(marker id,
    weight, negatable)``, where marker id ``markers`` means a negation cue; ``window`` is
    the negation window in words. Weights are summed as given: the caller passes whole
    hundredths, whose sums are exact in any order.
    """

    cdef CharTable chars
    cdef int32_t* delta        # state * classes + class -> next state
    cdef int32_t* output       # needle ending exactly at this state, or -1
    cdef int32_t* next_output  # nearest proper suffix state with an output, or 0 (the root)
    cdef int32_t* needle_length
    cdef int32_t* row_start    # rows of needle i: row_start[i] .. row_start[i + 1]
    cdef uint8_t* row_marker
    cdef double* row_weight
    cdef uint8_t* row_negatable
    cdef uint8_t* is_negation
    cdef uint8_t byte_class[256]
    cdef int32_t classes
    cdef int32_t n_states
    cdef int32_t markers
    cdef int32_t window
    cdef object lock
    cdef bint started

    def __init__(self, list needles, list rows, int markers, int window, classify):
        cdef Py_ssize_t i, n = len(needles), n_rows = 0, r
        # Claimed before any Python code runs (classify may let another thread in).
        if self.started:
            raise RuntimeError("a CueSearch is set up once")
        self.started = True
        if len(rows) != n:
            raise ValueError("rows needs one list per needle")
        if markers > 254:
            raise ValueError("at most 254 markers")
        self.markers = markers
        self.window = window
        self.chars = CharTable(classify)
        self._build_automaton([needle.encode("utf-8") for needle in needles])
        for needle_rows in rows:
            n_rows += len(needle_rows)
        self.row_start = <int32_t*>malloc((n + 1) * sizeof(int32_t))
        self.row_marker = <uint8_t*>malloc(max(n_rows, 1))
        self.row_weight = <double*>malloc(max(n_rows, 1) * sizeof(double))
        self.row_negatable = <uint8_t*>malloc(max(n_rows, 1))
        self.is_negation = <uint8_t*>calloc(max(n, 1), 1)
        if not (self.row_start and self.row_marker and self.row_weight and self.row_negatable
                and self.is_negation):
            raise MemoryError()
        r = 0
        for i in range(n):
            self.row_start[i] = <int32_t>r
            for mid, weight, negatable in rows[i]:
                if not 0 <= mid <= markers:
                    raise ValueError(f"marker id {mid} is outside 0..{markers}")
                self.row_marker[r] = <uint8_t>mid
                self.row_weight[r] = weight
                self.row_negatable[r] = bool(negatable)
                if mid == markers:
                    self.is_negation[i] = 1
                r += 1
        self.row_start[n] = <int32_t>r
        self.lock = threading.Lock()  # last: it marks the search as set up

    @property
    def states(self):
        """How many states the automaton has (the root included)."""
        return self.n_states

    cdef int _build_automaton(self, list encoded) except -1:
        """The trie of the needles, then its failure links and full transition table."""
        cdef bytes joined = b"".join(encoded)
        cdef const uint8_t* raw = <const uint8_t*><const char*>joined  # unsigned: UTF-8 bytes
        cdef Py_ssize_t i, n = len(encoded)
        cdef int built
        self.needle_length = <int32_t*>calloc(max(n, 1), sizeof(int32_t))
        if self.needle_length == NULL:
            raise MemoryError()
        for i in range(n):
            self.needle_length[i] = <int32_t>len(encoded[i])
        with nogil:
            built = self._build_states(raw, n)
        if built < 0:
            raise MemoryError()
        return 0

    cdef int _build_states(self, const uint8_t* raw, Py_ssize_t n) noexcept nogil:
        """:meth:`_build_automaton` on the needles laid end to end; -1 if memory ran out."""
        cdef Py_ssize_t i, j, c, at = 0, total = 0, capacity = 1024
        cdef int32_t state, child, fail, head, tail, node
        cdef int32_t* grown
        cdef int32_t* fail_of = NULL
        cdef int32_t* queue = NULL
        cdef Py_ssize_t c2
        # Byte classes: 0 for bytes in no needle (they lead back to the root), then one
        # class per byte that some needle uses.
        memset(self.byte_class, 0, 256)
        self.classes = 1
        for i in range(n):
            total += self.needle_length[i]
        for j in range(total):
            if self.byte_class[raw[j]] == 0:
                self.byte_class[raw[j]] = <uint8_t>self.classes
                self.classes += 1
        # The trie, in a table that grows as states are added (-1: no transition yet).
        self.delta = <int32_t*>malloc(capacity * self.classes * sizeof(int32_t))
        self.output = <int32_t*>malloc(capacity * sizeof(int32_t))
        if self.delta == NULL or self.output == NULL:
            return -1
        for c in range(self.classes):
            self.delta[c] = -1
        self.output[0] = -1
        self.n_states = 1
        for i in range(n):
            state = 0
            for j in range(at, at + self.needle_length[i]):
                c = self.byte_class[raw[j]]
                child = self.delta[state * self.classes + c]
                if child < 0:
                    if self.n_states == capacity:
                        capacity *= 2
                        grown = <int32_t*>realloc(
                            self.delta, capacity * self.classes * sizeof(int32_t)
                        )
                        if grown == NULL:
                            return -1
                        self.delta = grown
                        grown = <int32_t*>realloc(self.output, capacity * sizeof(int32_t))
                        if grown == NULL:
                            return -1
                        self.output = grown
                    child = self.n_states
                    self.n_states += 1
                    for c2 in range(self.classes):
                        self.delta[child * self.classes + c2] = -1
                    self.output[child] = -1
                    self.delta[state * self.classes + c] = child
                state = child
            if self.needle_length[i]:
                self.output[state] = <int32_t>i
            at += self.needle_length[i]
        # Breadth first: failure links, then the missing transitions through them.
        self.next_output = <int32_t*>calloc(self.n_states, sizeof(int32_t))
        fail_of = <int32_t*>calloc(self.n_states, sizeof(int32_t))
        queue = <int32_t*>malloc(self.n_states * sizeof(int32_t))
        if self.next_output == NULL or fail_of == NULL or queue == NULL:
            free(fail_of)
            free(queue)
            return -1
        head = tail = 0
        for c in range(self.classes):
            child = self.delta[c]
            if child < 0:
                self.delta[c] = 0
            else:
                fail_of[child] = 0
                queue[tail] = child
                tail += 1
        while head < tail:
            node = queue[head]
            head += 1
            fail = fail_of[node]
            self.next_output[node] = fail if self.output[fail] >= 0 else self.next_output[fail]
            for c in range(self.classes):
                child = self.delta[node * self.classes + c]
                if child < 0:
                    self.delta[node * self.classes + c] = self.delta[fail * self.classes + c]
                else:
                    fail_of[child] = self.delta[fail * self.classes + c]
                    queue[tail] = child
                    tail += 1
        free(fail_of)
        free(queue)
        return 0


    def __dealloc__(self):
        free(self.delta)
        free(self.output)
        free(self.next_output)
        free(self.needle_length)
        free(self.row_start)
        free(self.row_marker)
        free(self.row_weight)
        free(self.row_negatable)
        free(self.is_negation)

    def cue_sums(self, series, double[:, ::1] out, uint8_t[::1] done, uint32_t[:, ::1] counts=None):
        """Add the raw cue sums of each text of ``series`` (a polars String Series) into its
        column of ``out`` (markers, texts); ``done[i]`` says whether column ``i`` was
        written (0: left for the reference).

        ``counts``, if given (2, texts), receives how many question marks and how many
        spaces each text holds, every text (a missing one has none), in the same pass.
        """
        cdef Texts read
        cdef Py_ssize_t i, longest, size, decoded
        cdef uint32_t* low = NULL
        cdef uint8_t* flag = NULL
        cdef uint32_t* spaced = NULL
        cdef uint8_t* spaced_flag = NULL
        cdef uint8_t* norm = NULL
        cdef Buffer matches, negations, spaces
        cdef int failed = 0
        if self.lock is None:
            raise RuntimeError("the CueSearch was not set up")
        if out.shape[0] != self.markers or out.shape[1] != len(series):
            raise ValueError(f"out must have shape ({self.markers}, {len(series)})")
        if counts is not None and (counts.shape[0] != 2 or counts.shape[1] != len(series)):
            raise ValueError(f"counts must have shape (2, {len(series)})")
        matches.data = negations.data = spaces.data = NULL
        matches.capacity = negations.capacity = spaces.capacity = 0
        with self.lock:  # one call at a time: reading the texts may grow the char table
            _read_texts(series, &read, done, self.chars)
            # In code points, a text is at most as long as in bytes. Setting symbols apart
            # at most triples it; UTF-8 takes at most 4 bytes each; the padding adds 3.
            longest = max(read.longest, 1)
            size = 12 * longest + 4
            try:
                low = <uint32_t*>malloc(longest * sizeof(uint32_t))
                flag = <uint8_t*>malloc(longest)
                spaced = <uint32_t*>malloc(3 * longest * sizeof(uint32_t))
                spaced_flag = <uint8_t*>malloc(3 * longest)
                norm = <uint8_t*>malloc(size)
                if not (low and flag and spaced and spaced_flag and norm):
                    raise MemoryError()
                with nogil:
                    for i in range(read.n):
                        if counts is not None:
                            # '?' and ' ' are single bytes that UTF-8 uses for nothing else.
                            _count_bytes(read.data[i], read.length[i], &counts[0, i], &counts[1, i])
                        decoded = _decode(self.chars, read.data[i], read.length[i], low, flag)
                        if decoded < 0:
                            done[i] = 0
                            continue
                        failed = self._one(
                            low, flag, decoded, spaced, spaced_flag, norm, &spaces,
                            &matches, &negations, &out[0, i], out.shape[1],
                        )
                        if failed:
                            break
                if failed:
                    raise MemoryError()
            finally:
                free(low)
                free(flag)
                free(spaced)
                free(spaced_flag)
                free(norm)
                free(spaces.data)
                free(matches.data)
                free(negations.data)
                _free_texts(&read)

    cdef Py_ssize_t _normalise(
        self,
        const uint32_t* low,
        const uint8_t* flag,
        Py_ssize_t n,
        uint32_t* spaced,
        uint8_t* spaced_flag,
        uint8_t* norm,
    ) noexcept nogil:
        """The reference normalisation of a lower-cased text, in UTF-8 into ``norm``;
        returns its length in bytes."""
        cdef Py_ssize_t i = 0, m = 0, k, j
        cdef uint8_t space_flag = self.chars.ascii_flags[32]
        # Set runs of symbols apart by spaces (" $0 ").
        while i < n:
            if flag[i] & SYMBOL:
                spaced[m] = 32
                spaced_flag[m] = space_flag
                m += 1
                while i < n and flag[i] & SYMBOL:
                    spaced[m] = low[i]
                    spaced_flag[m] = flag[i]
                    m += 1
                    i += 1
                spaced[m] = 32
                spaced_flag[m] = space_flag
                m += 1
            else:
                spaced[m] = low[i]
                spaced_flag[m] = flag[i]
                m += 1
                i += 1
        # " ?[^K ][^K]*| {2,}" -> " ", leftmost first, where K are the kept characters.
        norm[0] = 2  # the start mark
        norm[1] = 32
        k = 2
        i = 0
        while i < m:
            if spaced[i] == 32:
                if i + 1 < m and spaced[i + 1] != 32 and not spaced_flag[i + 1] & KEPT:
                    j = i + 2  # a space, then something that is neither kept nor a space
                elif i + 1 < m and spaced[i + 1] == 32:
                    j = i + 2  # two spaces or more (only spaces)
                    while j < m and spaced[j] == 32:
                        j += 1
                    norm[k] = 32
                    k += 1
                    i = j
                    continue
                else:
                    norm[k] = 32  # a single space before a kept character stays
                    k += 1
                    i += 1
                    continue
            elif not spaced_flag[i] & KEPT:
                j = i + 1
            else:
                k += _utf8(spaced[i], norm + k)
                i += 1
                continue
            while j < m and not spaced_flag[j] & KEPT:
                j += 1
            norm[k] = 32
            k += 1
            i = j
        norm[k] = 32
        return k + 1

    cdef int _one(
        self,
        const uint32_t* low,
        const uint8_t* flag,
        Py_ssize_t n,
        uint32_t* spaced,
        uint8_t* spaced_flag,
        uint8_t* norm,
        Buffer* spaces_buffer,
        Buffer* matches,
        Buffer* negations,
        double* out,
        Py_ssize_t stride,
    ) noexcept nogil:
        """Add one text's cue sums to ``out[marker * stride]``; -1 if memory ran out."""
        cdef Py_ssize_t length = self._normalise(low, flag, n, spaced, spaced_flag, norm)
        cdef Py_ssize_t i, found = 0, n_neg = 0, r, lo, hi, middle
        cdef int32_t state = 0, s, needle, start, neg
        cdef bint negatable_seen = False
        cdef Match* got = <Match*>matches.data
        cdef int32_t* neg_starts = NULL
        cdef int32_t* spaces = NULL
        # Search: every needle at every place it occurs (overlapping).
        for i in range(length):
            state = self.delta[state * self.classes + self.byte_class[norm[i]]]
            s = state if self.output[state] >= 0 else self.next_output[state]
            while s != 0:
                needle = self.output[s]
                if (found + 1) * <Py_ssize_t>sizeof(Match) > matches.capacity:
                    got = <Match*>_reserve(
                        matches, found * sizeof(Match), (found + 1) * sizeof(Match)
                    )
                    if got == NULL:
                        return -1
                got[found].start = <int32_t>(i + 1 - self.needle_length[needle])
                got[found].needle = needle
                found += 1
                # A needle may be a negation cue and a marker's cue at once.
                if self.is_negation[needle]:
                    n_neg += 1
                for r in range(self.row_start[needle], self.row_start[needle + 1]):
                    if self.row_negatable[r]:
                        negatable_seen = True
                s = self.next_output[s]
        if found == 0:
            return 0
        if n_neg and negatable_seen:
            # Negation applies: the starts of the negation cues, sorted, and the spaces
            # before each byte, to count the words between a negation and a cue.
            neg_starts = <int32_t*>_reserve(negations, 0, n_neg * sizeof(int32_t))
            spaces = <int32_t*>_reserve(spaces_buffer, 0, (length + 1) * sizeof(int32_t))
            if neg_starts == NULL or spaces == NULL:
                return -1
            n_neg = 0
            for i in range(found):
                if self.is_negation[got[i].needle]:
                    neg_starts[n_neg] = got[i].start
                    n_neg += 1
            qsort(neg_starts, n_neg, sizeof(int32_t), _compare_ints)
            spaces[0] = 0
            for i in range(length):
                spaces[i + 1] = spaces[i] + (norm[i] == 32)
        for i in range(found):
            needle = got[i].needle
            start = got[i].start
            neg = -1
            if neg_starts != NULL:
                # The last negation starting before this cue (at the same place, the cue
                # comes first, so a cue is never negated by its own first word).
                lo = 0
                hi = n_neg
                while lo < hi:
                    middle = (lo + hi) // 2
                    if neg_starts[middle] < start:
                        lo = middle + 1
                    else:
                        hi = middle
                if lo > 0:
                    neg = neg_starts[lo - 1]
            for r in range(self.row_start[needle], self.row_start[needle + 1]):
                if self.row_marker[r] == self.markers:
                    continue  # the negation row itself counts for no marker
                if (
                    neg >= 0
                    and self.row_negatable[r]
                    and spaces[start] - spaces[neg] - 1 <= self.window
                ):
                    continue
                out[self.row_marker[r] * stride] += self.row_weight[r]
        return 0


# -- Sums of table rows by group ------------------------------------------------------------

def add_rows_by_group(
    const float[:, ::1] table not None,
    const int64_t[::1] rows not None,
    const int64_t[::1] groups not None,
    double[:, ::1] out not None,
):
    """``out[groups[i]] += table[rows[i]]`` for every ``i``, in order, in float64.

    The weekly emotion means: ``table`` holds the distinct texts' probabilities, ``rows`` the
    distinct text of each message and ``groups`` its week. Nothing per message is
    materialised, where numpy would first gather a row per message.
    """
    cdef Py_ssize_t i, k, n = rows.shape[0], width = table.shape[1]
    cdef int64_t row, group
    cdef const float* source
    cdef double* target
    if groups.shape[0] != n:
        raise ValueError(f"groups has {groups.shape[0]} entries for {n} rows")
    if out.shape[1] != width:
        raise ValueError(f"out must have {width} columns, not {out.shape[1]}")
    for i in range(n):
        if not (0 <= rows[i] < table.shape[0] and 0 <= groups[i] < out.shape[0]):
            raise IndexError(f"entry {i}: row {rows[i]} or group {groups[i]} is out of range")
    with nogil:
        for i in range(n):
            source = &table[rows[i], 0]
            target = &out[groups[i], 0]
            for k in range(width):
                target[k] += source[k]
