# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, nonecheck=False
"""Compiled inner loops for chat texts written in plain ASCII (most messages of most chats).

Each kernel does, for ASCII texts, exactly what the column-wise polars/numpy path does (that
path stays the reference, runs every other text, and is what the tests compare with):

* :class:`CueSearch`, the marker cue sums of :mod:`closeknit.conversation.markers.scoring`:
  normalise, search every cue at once (an Aho-Corasick automaton, overlapping matches),
  drop negated cues, sum the weights per marker;
* :class:`EmotionLogits`, the emotion classifier's logits of
  :mod:`closeknit.conversation.emotions`: lower-case, tokenise, look the unigrams and bigrams
  up and sum their weight rows, normalise, add the intercept.

A text that is not ASCII (or not a str) is left untouched and marked as not done, for the
reference path. Each kernel reads every text's characters in place (no copy per text) and
releases the GIL for its main loop, so two kernels run on two cores at once.

Why ASCII only: for ASCII, lower-casing, ``\\w``, ``\\s`` and the Unicode classes of the
normalisation are a handful of byte tests that match the regular expressions exactly; for
the rest of Unicode the regular expressions are the definition, and polars runs them.
"""

from libc.math cimport sqrt
from libc.stdint cimport int32_t, int64_t, uint8_t, uint64_t
from libc.stdlib cimport calloc, free, malloc, qsort
from libc.string cimport memcmp, memcpy, memset


cdef extern from "Python.h":
    bint PyUnicode_Check(object o)
    bint PyUnicode_IS_COMPACT_ASCII(object o)
    void* PyUnicode_DATA(object o)
    Py_ssize_t PyUnicode_GET_LENGTH(object o)


# -- Character classes (ASCII, after lower-casing) ------------------------------------------

cdef inline uint8_t _lower(uint8_t c) noexcept nogil:
    return c + 32 if 65 <= c <= 90 else c


cdef inline bint _is_word(uint8_t c) noexcept nogil:
    # \w on ASCII: letters, digits and the underscore (connector punctuation).
    return (97 <= c <= 122) or (65 <= c <= 90) or (48 <= c <= 57) or c == 95


cdef inline bint _is_space(uint8_t c) noexcept nogil:
    # \s on ASCII: Unicode White_Space, which is tab to carriage return and the space.
    return c == 32 or 9 <= c <= 13


cdef inline bint _is_symbol(uint8_t c) noexcept nogil:
    # \p{Sk} on ASCII (there is no ASCII \p{So}): the caret and the backtick.
    return c == 94 or c == 96


cdef inline bint _is_kept(uint8_t c) noexcept nogil:
    # What normalisation keeps on ASCII: letters, digits, the apostrophe and the symbols.
    return (97 <= c <= 122) or (48 <= c <= 57) or c == 39 or _is_symbol(c)


# -- Reading the texts ----------------------------------------------------------------------

cdef uint8_t _EMPTY[1]


cdef struct Texts:
    Py_ssize_t n
    const uint8_t** data
    Py_ssize_t* length
    Py_ssize_t longest


cdef int _read_texts(list texts, Texts* out, uint8_t[::1] done) except -1:
    """Point at each ASCII text's characters; mark the others (left to the reference)."""
    cdef Py_ssize_t i, n = len(texts)
    cdef object text
    if done.shape[0] != n:
        raise ValueError(f"done has {done.shape[0]} slots for {n} texts")
    out.n = n
    out.longest = 0
    out.data = <const uint8_t**>malloc(max(n, 1) * sizeof(uint8_t*))
    out.length = <Py_ssize_t*>malloc(max(n, 1) * sizeof(Py_ssize_t))
    if out.data == NULL or out.length == NULL:
        free(out.data)
        free(out.length)
        raise MemoryError()
    for i in range(n):
        text = texts[i]
        if text is None:
            # A missing text scores as an empty one, as in the reference.
            out.data[i] = _EMPTY
            out.length[i] = 0
            done[i] = 1
        elif PyUnicode_Check(text) and PyUnicode_IS_COMPACT_ASCII(text):
            out.data[i] = <const uint8_t*>PyUnicode_DATA(text)
            out.length[i] = PyUnicode_GET_LENGTH(text)
            if out.length[i] > out.longest:
                out.longest = out.length[i]
            done[i] = 1
        else:
            out.data[i] = NULL
            out.length[i] = 0
            done[i] = 0
    return 0


cdef void _free_texts(Texts* texts) noexcept:
    free(texts.data)
    free(texts.length)


# -- A small open-addressing table from byte strings to ids ---------------------------------

cdef inline uint64_t _hash_bytes(const uint8_t* s, Py_ssize_t n) noexcept nogil:
    # FNV-1a: tokens are short, and one multiply per byte is cheap enough.
    cdef uint64_t h = 14695981039346656037ULL
    cdef Py_ssize_t i
    for i in range(n):
        h = (h ^ s[i]) * 1099511628211ULL
    # FNV mixes its last bytes poorly into the high bits the table uses: finish like murmur3.
    h ^= h >> 33
    h *= 0xff51afd7ed558ccdULL
    h ^= h >> 33
    return h


cdef inline uint64_t _hash_key(int64_t key) noexcept nogil:
    # Fibonacci hashing of an integer key; the table uses the high bits.
    return <uint64_t>key * 11400714819323198485ULL


cdef class _StringIds:
    """Byte strings to non-negative ids; a string not in the table gets -1."""

    cdef uint8_t* pool
    cdef uint64_t* hashes
    cdef int64_t* offset
    cdef int32_t* length
    cdef int32_t* ids
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
        self.offset = <int64_t*>malloc(capacity * sizeof(int64_t))
        self.length = <int32_t*>malloc(capacity * sizeof(int32_t))
        self.ids = <int32_t*>malloc(capacity * sizeof(int32_t))
        self.hashes = <uint64_t*>malloc(capacity * sizeof(uint64_t))
        if not (self.pool and self.offset and self.length and self.ids and self.hashes):
            raise MemoryError()
        for slot in range(capacity):
            self.ids[slot] = -1
        total = 0
        for i in range(n):
            key = keys[i]
            memcpy(self.pool + total, <const char*>key, len(key))
            h = _hash_bytes(self.pool + total, len(key))
            slot = (h >> self.shift) & self.mask
            while self.ids[slot] != -1:
                if self.length[slot] == len(key) and memcmp(
                    self.pool + self.offset[slot], self.pool + total, len(key)
                ) == 0:
                    raise ValueError(f"duplicate key {key!r}")
                slot = (slot + 1) & self.mask
            self.offset[slot] = total
            self.hashes[slot] = h
            self.length[slot] = <int32_t>len(key)
            self.ids[slot] = <int32_t>ids[i]
            total += len(key)

    def __dealloc__(self):
        free(self.pool)
        free(self.hashes)
        free(self.offset)
        free(self.length)
        free(self.ids)

    cdef inline int32_t find(self, const uint8_t* s, Py_ssize_t n) noexcept nogil:
        cdef uint64_t h = _hash_bytes(s, n)
        cdef uint64_t slot = (h >> self.shift) & self.mask
        while self.ids[slot] != -1:
            if self.hashes[slot] == h and self.length[slot] == n and memcmp(
                self.pool + self.offset[slot], s, n
            ) == 0:
                return self.ids[slot]
            slot = (slot + 1) & self.mask
        return -1


cdef class _KeyIds:
    """Non-negative integer keys to ids; a key not in the table gets -1."""

    cdef int64_t* keys
    cdef int32_t* ids
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
        self.keys = <int64_t*>malloc(capacity * sizeof(int64_t))
        self.ids = <int32_t*>malloc(capacity * sizeof(int32_t))
        if not (self.keys and self.ids):
            raise MemoryError()
        for slot in range(capacity):
            self.keys[slot] = -1
        for i in range(n):
            if keys[i] < 0:
                raise ValueError("keys must be non-negative")
            slot = (_hash_key(keys[i]) >> self.shift) & self.mask
            while self.keys[slot] != -1 and self.keys[slot] != keys[i]:
                slot = (slot + 1) & self.mask
            self.keys[slot] = keys[i]
            self.ids[slot] = <int32_t>ids[i]

    def __dealloc__(self):
        free(self.keys)
        free(self.ids)

    cdef inline int32_t find(self, int64_t key) noexcept nogil:
        cdef uint64_t slot = (_hash_key(key) >> self.shift) & self.mask
        while self.keys[slot] != -1:
            if self.keys[slot] == key:
                return self.ids[slot]
            slot = (slot + 1) & self.mask
        return -1


# -- Emotion logits -------------------------------------------------------------------------

cdef class EmotionLogits:
    """The emotion classifier's logits for ASCII texts (see :mod:`..emotions`).

    ``unigrams`` are the vocabulary's tokens (feature id = position; tokens that are not
    ASCII are skipped, as no ASCII text holds them), ``bigram_keys`` its sorted pair keys
    ``a * (n_unigrams + 1) + b`` (feature id ``n_unigrams + position``), ``weights`` one
    row per feature plus a zero row for the null feature (idf folded in), ``idf_squared``
    and ``intercept`` as in :class:`~closeknit.conversation.emotions.EmotionClassifier`.
    """

    cdef _StringIds unigram_ids
    cdef _KeyIds bigram_ids
    cdef const float[:, ::1] weights
    cdef const float[::1] idf_squared
    cdef const float[::1] intercept
    cdef int64_t n_unigrams
    cdef int64_t null_id
    cdef Py_ssize_t labels

    def __init__(
        self,
        list unigrams,
        const int64_t[::1] bigram_keys,
        const float[:, ::1] weights,
        const float[::1] idf_squared,
        const float[::1] intercept,
    ):
        cdef Py_ssize_t n_unigrams = len(unigrams)
        cdef Py_ssize_t n_features = n_unigrams + bigram_keys.shape[0]
        if weights.shape[0] != n_features + 1 or idf_squared.shape[0] != n_features + 1:
            raise ValueError("weights and idf_squared need one row per feature plus the null row")
        if intercept.shape[0] != weights.shape[1]:
            raise ValueError("intercept needs one value per label")
        ascii_keys = []
        ascii_ids = []
        for i, token in enumerate(unigrams):
            if token.isascii():
                ascii_keys.append(token.encode("ascii"))
                ascii_ids.append(i)
        self.unigram_ids = _StringIds(ascii_keys, ascii_ids)
        self.bigram_ids = _KeyIds(
            bigram_keys, _arange(n_unigrams, n_unigrams + bigram_keys.shape[0])
        )
        self.weights = weights
        self.idf_squared = idf_squared
        self.intercept = intercept
        self.n_unigrams = n_unigrams
        self.null_id = n_features
        self.labels = weights.shape[1]

    def logits(self, list texts, float[:, ::1] out, uint8_t[::1] done):
        """Write the logits of each ASCII text into its row of ``out``; ``done[i]`` says
        whether row ``i`` was written (0: not ASCII, left for the reference path)."""
        cdef Texts read
        cdef Py_ssize_t i
        cdef uint8_t* lowered
        if out.shape[0] != len(texts) or out.shape[1] != self.labels:
            raise ValueError(f"out must have shape ({len(texts)}, {self.labels})")
        _read_texts(texts, &read, done)
        lowered = <uint8_t*>malloc(max(read.longest, 1))
        if lowered == NULL:
            _free_texts(&read)
            raise MemoryError()
        try:
            with nogil:
                for i in range(read.n):
                    if read.data[i] != NULL:
                        self._one(read.data[i], read.length[i], lowered, &out[i, 0])
        finally:
            free(lowered)
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
        self, const uint8_t* text, Py_ssize_t n, uint8_t* low, float* acc
    ) noexcept nogil:
        # The order of the additions is the reference's, so the sums agree bit for bit:
        # token by token, its unigram row plus the row of the pair it starts.
        cdef Py_ssize_t i = 0, j, start, k
        cdef int64_t uid, pair, feature = -1, previous = -1
        cdef double squares = 0.0
        cdef float norm
        cdef int32_t found
        for k in range(self.labels):
            acc[k] = 0.0
        for j in range(n):
            low[j] = _lower(text[j])
        while i < n:
            if _is_word(low[i]):
                # \w+(?:['’]\w+)*, on ASCII: a word, and more of it after each inner apostrophe.
                j = i + 1
                while j < n and _is_word(low[j]):
                    j += 1
                while j + 1 < n and low[j] == 39 and _is_word(low[j + 1]):
                    j += 2
                    while j < n and _is_word(low[j]):
                        j += 1
            elif _is_space(low[i]):
                i += 1
                continue
            else:
                j = i + 1  # any other character is a token of its own
            start = i
            i = j
            found = self.unigram_ids.find(low + start, i - start)
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


cdef int _compare_ints(const void* a, const void* b) noexcept nogil:
    cdef int32_t x = (<const int32_t*>a)[0], y = (<const int32_t*>b)[0]
    return (x > y) - (x < y)


cdef class CueSearch:
    """Raw marker cue sums for ASCII texts (see :mod:`..markers.scoring`).

    ``needles`` are the lexicon's needles (only the ASCII ones can match an ASCII text);
    ``rows[i]`` lists needle ``i``'s ``(marker id, weight, negatable)``, where marker id
    ``markers`` means a negation cue; ``window`` is the negation window in words.
    """

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
    cdef int32_t states
    cdef int32_t markers
    cdef int32_t window

    def __init__(self, list needles, list rows, int markers, int window):
        cdef Py_ssize_t i, n = len(needles), n_rows = 0, r
        if len(rows) != n:
            raise ValueError("rows needs one list per needle")
        if markers > 254:
            raise ValueError("at most 254 markers")
        self.markers = markers
        self.window = window
        encoded = [s.encode("ascii") if s.isascii() else None for s in needles]
        self._build_automaton(encoded)
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

    @property
    def states(self):
        return self.states

    def _build_automaton(self, list encoded):
        # Byte classes: 0 for bytes in no needle (they lead back to the root), then one
        # class per byte that some needle uses.
        cdef Py_ssize_t i, c, total = 1
        cdef int32_t state, child, fail, head, tail, node
        cdef bytes needle
        memset(self.byte_class, 0, 256)
        self.classes = 1
        for needle in encoded:
            if needle is None:
                continue
            total += len(needle)
            for c in needle:
                if self.byte_class[c] == 0:
                    self.byte_class[c] = <uint8_t>self.classes
                    self.classes += 1
        self.needle_length = <int32_t*>calloc(max(len(encoded), 1), sizeof(int32_t))
        self.delta = <int32_t*>malloc(total * self.classes * sizeof(int32_t))
        self.output = <int32_t*>malloc(total * sizeof(int32_t))
        self.next_output = <int32_t*>calloc(total, sizeof(int32_t))
        cdef int32_t* fail_of = <int32_t*>calloc(total, sizeof(int32_t))
        cdef int32_t* queue = <int32_t*>malloc(total * sizeof(int32_t))
        if not (self.needle_length and self.delta and self.output and self.next_output
                and fail_of and queue):
            free(fail_of)
            free(queue)
            raise MemoryError()
        try:
            for i in range(total * self.classes):
                self.delta[i] = -1
            for i in range(total):
                self.output[i] = -1
            self.states = 1
            # The trie.
            for i in range(len(encoded)):
                needle = encoded[i]
                if needle is None:
                    continue
                self.needle_length[i] = <int32_t>len(needle)
                state = 0
                for c in needle:
                    child = self.delta[state * self.classes + self.byte_class[c]]
                    if child < 0:
                        child = self.states
                        self.states += 1
                        self.delta[state * self.classes + self.byte_class[c]] = child
                    state = child
                self.output[state] = <int32_t>i
            # Breadth first: failure links, then the missing transitions through them.
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
                self.next_output[node] = (
                    fail if self.output[fail] >= 0 else self.next_output[fail]
                )
                for c in range(self.classes):
                    child = self.delta[node * self.classes + c]
                    if child < 0:
                        self.delta[node * self.classes + c] = self.delta[fail * self.classes + c]
                    else:
                        fail_of[child] = self.delta[fail * self.classes + c]
                        queue[tail] = child
                        tail += 1
        finally:
            free(fail_of)
            free(queue)

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

    def cue_sums(self, list texts, double[:, ::1] out, uint8_t[::1] done):
        """Add each ASCII text's raw cue sums into its column of ``out`` (markers, texts);
        ``done[i]`` says whether column ``i`` was written (0: left for the reference)."""
        cdef Texts read
        cdef Py_ssize_t i, size
        cdef uint8_t* scratch
        cdef int32_t* spaces
        cdef Buffer matches, negations
        cdef int failed = 0
        if out.shape[0] != self.markers or out.shape[1] != len(texts):
            raise ValueError(f"out must have shape ({self.markers}, {len(texts)})")
        _read_texts(texts, &read, done)
        # The normalised text is at most 3 bytes per character plus its padding.
        size = 3 * read.longest + 4
        scratch = <uint8_t*>malloc(2 * size)
        spaces = <int32_t*>malloc((size + 1) * sizeof(int32_t))
        matches.data = negations.data = NULL
        matches.capacity = negations.capacity = 0
        try:
            if scratch == NULL or spaces == NULL:
                raise MemoryError()
            with nogil:
                for i in range(read.n):
                    if read.data[i] != NULL:
                        failed = self._one(
                            read.data[i], read.length[i], scratch, scratch + size, spaces,
                            &matches, &negations, &out[0, i], out.shape[1],
                        )
                        if failed:
                            break
            if failed:
                raise MemoryError()
        finally:
            free(scratch)
            free(spaces)
            free(matches.data)
            free(negations.data)
            _free_texts(&read)

    cdef Py_ssize_t _normalise(
        self, const uint8_t* text, Py_ssize_t n, uint8_t* spaced, uint8_t* norm
    ) noexcept nogil:
        """The reference normalisation of an ASCII text, into ``norm``; returns its length."""
        cdef Py_ssize_t i = 0, m = 0, k = 0, j
        cdef uint8_t c
        # Lower-case, and set runs of symbols apart by spaces (" $0 ").
        while i < n:
            c = _lower(text[i])
            if _is_symbol(c):
                spaced[m] = 32
                m += 1
                while i < n and _is_symbol(text[i]):
                    spaced[m] = text[i]
                    m += 1
                    i += 1
                spaced[m] = 32
                m += 1
            else:
                spaced[m] = c
                m += 1
                i += 1
        # " ?[^K ][^K]*| {2,}" -> " ", leftmost first: K are the kept characters.
        norm[0] = 2  # START
        norm[1] = 32
        k = 2
        i = 0
        while i < m:
            c = spaced[i]
            if c == 32:
                if i + 1 < m and spaced[i + 1] != 32 and not _is_kept(spaced[i + 1]):
                    j = i + 2
                elif i + 1 < m and spaced[i + 1] == 32:
                    j = i + 2
                    while j < m and spaced[j] == 32:
                        j += 1
                    norm[k] = 32
                    k += 1
                    i = j
                    continue
                else:
                    norm[k] = 32
                    k += 1
                    i += 1
                    continue
            elif not _is_kept(c):
                j = i + 1
            else:
                norm[k] = c
                k += 1
                i += 1
                continue
            while j < m and not _is_kept(spaced[j]):
                j += 1
            norm[k] = 32
            k += 1
            i = j
        norm[k] = 32
        return k + 1

    cdef int _one(
        self,
        const uint8_t* text,
        Py_ssize_t n,
        uint8_t* spaced,
        uint8_t* norm,
        int32_t* spaces,
        Buffer* matches,
        Buffer* negations,
        double* out,
        Py_ssize_t stride,
    ) noexcept nogil:
        """Add one text's cue sums to ``out[marker * stride]``; -1 if memory ran out."""
        cdef Py_ssize_t length = self._normalise(text, n, spaced, norm)
        cdef Py_ssize_t i, found = 0, n_neg = 0, r, lo, hi, middle
        cdef int32_t state = 0, s, needle, start, neg
        cdef bint negatable_seen = False
        cdef Match* got = <Match*>matches.data
        cdef int32_t* neg_starts = NULL
        # Search: every needle at every place it occurs (overlapping).
        for i in range(length):
            state = self.delta[state * self.classes + self.byte_class[norm[i]]]
            s = state if self.output[state] >= 0 else self.next_output[state]
            while s != 0:
                needle = self.output[s]
                if (found + 1) * <Py_ssize_t>sizeof(Match) > matches.capacity:
                    got = <Match*>_reserve(matches, found * sizeof(Match), (found + 1) * sizeof(Match))
                    if got == NULL:
                        return -1
                got[found].start = <int32_t>(i + 1 - self.needle_length[needle])
                got[found].needle = needle
                found += 1
                if self.is_negation[needle]:
                    n_neg += 1
                else:
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
            if neg_starts == NULL:
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
            if self.is_negation[needle]:
                continue
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
                if (
                    neg >= 0
                    and self.row_negatable[r]
                    and spaces[start] - spaces[neg] - 1 <= self.window
                ):
                    continue
                out[self.row_marker[r] * stride] += self.row_weight[r]
        return 0


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
