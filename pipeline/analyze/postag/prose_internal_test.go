package postag

import (
	"sync"
	"testing"
	"unsafe"

	"github.com/jdkato/prose/v2"
)

// prose v2.0.0 does not export its tagger, and prose.NewDocument reports
// aliased tags for repeated chunks (see TestNewDocumentAliasing), so the
// parity test calls prose's own unexported tagger directly. Test-only.

//go:linkname proseNewPerceptronTagger github.com/jdkato/prose/v2.newPerceptronTagger
func proseNewPerceptronTagger() unsafe.Pointer

//go:linkname proseTagTokens github.com/jdkato/prose/v2.(*perceptronTagger).tag
func proseTagTokens(pt unsafe.Pointer, tokens []*prose.Token) []*prose.Token

var (
	proseTaggerOnce sync.Once
	proseTagger     unsafe.Pointer
)

// proseTag runs prose's perceptronTagger.tag over words, each its own
// *prose.Token (as prose does when no chunk repeats).
func proseTag(words []string) []string {
	proseTaggerOnce.Do(func() { proseTagger = proseNewPerceptronTagger() })
	toks := make([]*prose.Token, len(words))
	for i, w := range words {
		toks[i] = &prose.Token{Text: w}
	}
	proseTagTokens(proseTagger, toks)
	tags := make([]string, len(words))
	for i, t := range toks {
		tags[i] = t.Tag
	}
	return tags
}

func TestProseTagLinked(t *testing.T) {
	got := proseTag([]string{"States", "shall", "cooperate", "."})
	if want := []string{"NNS", "MD", "VB", "."}; len(got) != 4 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] || got[3] != want[3] {
		t.Fatalf("prose's linked tagger = %q, want %q", got, want)
	}
}
