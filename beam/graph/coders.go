package graph

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/pipeline"
	"github.com/stanceshift/stanceshift/pipeline/vectorize"
)

// DocElem is one document between stages: the core's DocResult plus, once scored, this
// document's share of the model scores and its concept mentions.
type DocElem struct {
	// Pos is the document's position in corpus order (instrument name, then version order),
	// the order of pipeline.Result.Docs before skipped documents are removed.
	Pos int
	Res *pipeline.DocResult
	// Scores hold one model each (sorted by name) with Prov, Doc (and LBG, MV for Wordscores)
	// of length 1: the document's entries of pipeline.Result.Scores.
	Scores   []pipeline.ModelScores
	Concepts [][]pipeline.ConceptMention
}

// docWire is how a DocElem is encoded: gob for the result (NaN scores survive it, unlike
// JSON), and the corpus.Document apart as JSON, because gob drops a pointer to a zero value
// (a manifest `position: 0` would come back nil).
type docWire struct {
	Pos      int
	Meta     []byte
	Res      pipeline.DocResult
	Scores   []pipeline.ModelScores
	Concepts [][]pipeline.ConceptMention
}

func encodeDoc(d DocElem) ([]byte, error) {
	w := docWire{Pos: d.Pos, Scores: d.Scores, Concepts: d.Concepts}
	if d.Res != nil {
		w.Res = *d.Res
		w.Res.Doc = nil
		m, err := json.Marshal(d.Res.Doc)
		if err != nil {
			return nil, err
		}
		w.Meta = m
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&w); err != nil {
		return nil, fmt.Errorf("graph: encode document: %w", err)
	}
	return buf.Bytes(), nil
}

func decodeDoc(b []byte) (DocElem, error) {
	var w docWire
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&w); err != nil {
		return DocElem{}, fmt.Errorf("graph: decode document: %w", err)
	}
	d := DocElem{Pos: w.Pos, Scores: w.Scores, Concepts: w.Concepts}
	if w.Meta != nil {
		var doc corpus.Document
		if err := json.Unmarshal(w.Meta, &doc); err != nil {
			return DocElem{}, fmt.Errorf("graph: decode document metadata: %w", err)
		}
		res := w.Res
		res.Doc = &doc
		d.Res = &res
	}
	return d, nil
}

// ProvRef is a provision in a shingle's posting list: enough to order and pair it.
type ProvRef struct {
	H      uint64 // the shingle hash
	Pos, I int    // document position in corpus order, provision index in the document
	ID     string
	Inst   string // reuse.InstrumentKey
}

// PairCounts are candidate pairs ("earlier id \x00 later id") with the number of shingles
// they share in one bucket of the index.
type PairCounts struct{ N map[string]int }

// Postings are one document's postings of one bucket of shingle hashes.
type Postings struct{ P []ProvRef }

// SentCount is the number of LSS sentences of the document at Pos.
type SentCount struct{ Pos, N int }

// Sentence is one LSS sentence with its index G in corpus order.
type Sentence struct {
	G     int
	Terms []string
}

// WSDoc is one document's input to the Wordscores fit and document predictions.
type WSDoc struct {
	Pos      int
	ID       string
	Ref      bool // the manifest gives a position
	Position float64
	Counts   map[string]float64
}

// LSSFit is the corpus-wide LSS fit: the model as saved by lss.Model.Save, or why it could not
// be fitted.
type LSSFit struct {
	Model []byte
	Err   string
}

// WSFit is the corpus-wide Wordscores fit and the document scores (which depend on every
// document through the rescalings), by document id.
type WSFit struct {
	Model []byte
	Err   string
	Doc   map[string]WSDocScore
}

// WSDocScore is one document's Wordscores score with its rescalings.
type WSDocScore struct {
	Score   models.Score
	LBG, MV float64
}

// Counts is a map from document position to a count (the LSS sentence counts).
type Counts struct{ N map[int]int }

// The element types below travel as gob: they hold float64 values that may be NaN (scores),
// or unexported state (the vocabulary's index, rebuilt after decoding). The other element
// types (ProvRef, SentCount, Sentence, Counts, LSSFit, reuse.Provision) use Beam's
// default schema coder, much smaller per element than gob, which repeats its type description
// in every element. Each type needs its own named functions: Beam finds coder
// functions by symbol name, and the instances of one generic function share a name.

func gobEnc(v any) ([]byte, error) {
	var buf bytes.Buffer
	err := gob.NewEncoder(&buf).Encode(v)
	return buf.Bytes(), err
}

func gobDec(b []byte, v any) error { return gob.NewDecoder(bytes.NewReader(b)).Decode(v) }

func encWSDoc(v WSDoc) ([]byte, error) { return gobEnc(&v) }
func decWSDoc(b []byte) (WSDoc, error) {
	var v WSDoc
	return v, gobDec(b, &v)
}

func encWSFit(v WSFit) ([]byte, error) { return gobEnc(&v) }
func decWSFit(b []byte) (WSFit, error) {
	var v WSFit
	return v, gobDec(b, &v)
}

func encWSAcc(v WSAcc) ([]byte, error) { return gobEnc(&v) }
func decWSAcc(b []byte) (WSAcc, error) {
	var v WSAcc
	return v, gobDec(b, &v)
}

func encDFAcc(v *vectorize.DFAccumulator) ([]byte, error) { return gobEnc(v) }
func decDFAcc(b []byte) (*vectorize.DFAccumulator, error) {
	v := new(vectorize.DFAccumulator)
	return v, gobDec(b, v)
}

func encVocab(v *vectorize.Vocabulary) ([]byte, error) { return gobEnc(v) }
func decVocab(b []byte) (*vectorize.Vocabulary, error) {
	v := new(vectorize.Vocabulary)
	return v, gobDec(b, v)
}

func init() {
	beam.RegisterCoder(reflect.TypeOf(DocElem{}), encodeDoc, decodeDoc)
	beam.RegisterCoder(reflect.TypeOf(WSDoc{}), encWSDoc, decWSDoc)
	beam.RegisterCoder(reflect.TypeOf(WSFit{}), encWSFit, decWSFit)
	beam.RegisterCoder(reflect.TypeOf(WSAcc{}), encWSAcc, decWSAcc)
	beam.RegisterCoder(reflect.TypeOf((*vectorize.DFAccumulator)(nil)), encDFAcc, decDFAcc)
	beam.RegisterCoder(reflect.TypeOf((*vectorize.Vocabulary)(nil)), encVocab, decVocab)
}
