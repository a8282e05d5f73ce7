package keyphrase

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// checkSession fails t unless a Session gives each of docs (in turn) what ExtractAll gives it
// alone. Provisions with the same text must have the same tokens, as the Session requires. It
// returns how many times the session given an IDF by number (SetNumberedIDF) asked for one.
func checkSession(t *testing.T, docs [][]ProvisionInput, provOpt, docOpt Options) int {
	t.Helper()
	idf := func(w string) float64 { return 1 + float64(len(w)%3) }
	s := NewSession(idf, provOpt, docOpt)
	defer s.Close()
	sk := NewSession(idf, provOpt, docOpt) // the same through ExtractAllKeys
	defer sk.Close()
	// the same with the tokens numbered, and the texts (TextNum) of every provision of a
	// document but its last, which is found by its text
	sn := NewSession(idf, provOpt, docOpt)
	defer sn.Close()
	nums, textNums := map[string]int32{}, map[string]int32{}
	// the same with the IDF by number for the even numbers (SetNumberedIDF); the odd ones fall
	// back to idf
	sf := NewSession(idf, provOpt, docOpt)
	defer sf.Close()
	texts, asked := map[int32]string{}, 0
	sf.SetNumberedIDF(func(n int32) (float64, bool) {
		asked++
		if n%2 != 0 {
			return 0, false
		}
		return idf(strings.ToLower(texts[n])), true
	})
	fnums := map[string]int32{}
	keyOfNum, numOfKey := map[int32]string{}, map[string]int32{}
	var prevKeyed Keyed // the document before's, for ChangesKeyed
	var prevDoc []Phrase
	for i, provs := range docs {
		per, doc := s.ExtractAll(provs)
		wantPer, wantDoc := ExtractAll(provs, idf, provOpt, docOpt)
		if !reflect.DeepEqual(per, wantPer) {
			t.Fatalf("document %d: provisions' phrases\n%v\nExtractAll alone\n%v", i, per, wantPer)
		}
		if !reflect.DeepEqual(doc, wantDoc) {
			t.Fatalf("document %d: phrases\n%v\nExtractAll alone\n%v", i, doc, wantDoc)
		}
		per, doc, keys, keyNums := sk.ExtractAllKeyNums(provs)
		if !reflect.DeepEqual(per, wantPer) || !reflect.DeepEqual(doc, wantDoc) {
			t.Fatalf("document %d: ExtractAllKeys' phrases\n%v\n%v\nExtractAll alone\n%v\n%v", i, per, doc, wantPer, wantDoc)
		}
		if keys == nil && provOpt.MaxWords == docOpt.MaxWords && doc != nil {
			t.Fatalf("document %d: ExtractAllKeys gave no keys", i)
		}
		if keys != nil {
			if len(keys) != len(doc) {
				t.Fatalf("document %d: %d keys for %d phrases", i, len(keys), len(doc))
			}
			for k, p := range doc {
				if keys[k] != Key(p.Text) {
					t.Fatalf("document %d phrase %q: key %q, Key gives %q", i, p.Text, keys[k], Key(p.Text))
				}
			}
		}
		if got, want := NewKeyedKeys(doc, keys), NewKeyed(doc); !reflect.DeepEqual(got.keys, want.keys) || !reflect.DeepEqual(got.set, want.set) {
			t.Fatalf("document %d: NewKeyedKeys %v, NewKeyed %v", i, got, want)
		}
		if (keyNums == nil) != (keys == nil) || len(keyNums) != len(keys) {
			t.Fatalf("document %d: %d key numbers for %d keys", i, len(keyNums), len(keys))
		}
		for k, n := range keyNums { // one number per key over the session's calls
			if key, ok := keyOfNum[n]; ok && key != keys[k] {
				t.Fatalf("document %d: key number %d for %q and %q", i, n, key, keys[k])
			}
			if m, ok := numOfKey[keys[k]]; ok && m != n {
				t.Fatalf("document %d: key %q numbered %d and %d", i, keys[k], m, n)
			}
			keyOfNum[n], numOfKey[keys[k]] = keys[k], n
		}
		if i > 0 { // ChangesKeyed by the numbers, as by key
			cur := NewKeyedNumbered(doc, keys, keyNums)
			if got, want := ChangesKeyed(prevKeyed, cur), Changes(prevDoc, doc); !reflect.DeepEqual(got, want) {
				t.Fatalf("document %d: ChangesKeyed by number %+v, Changes %+v", i, got, want)
			}
		}
		prevKeyed, prevDoc = NewKeyedNumbered(doc, keys, keyNums), doc
		nprovs := numbered(provs, nums)
		for j := range nprovs[:max(0, len(nprovs)-1)] {
			k, ok := textNums[nprovs[j].Text]
			if !ok {
				k = int32(len(textNums)) + 1
				textNums[nprovs[j].Text] = k
			}
			nprovs[j].TextNum = k
		}
		per, doc, numKeys := sn.ExtractAllKeys(nprovs)
		if !reflect.DeepEqual(per, wantPer) || !reflect.DeepEqual(doc, wantDoc) || !reflect.DeepEqual(numKeys, keys) {
			t.Fatalf("document %d: numbered tokens' phrases\n%v\n%v\n%q\nExtractAll alone\n%v\n%v\n%q", i, per, doc, numKeys, wantPer, wantDoc, keys)
		}
		fprovs := numbered(provs, fnums)
		for text, n := range fnums {
			texts[n] = text
		}
		per, doc, numKeys = sf.ExtractAllKeys(fprovs)
		if !reflect.DeepEqual(per, wantPer) || !reflect.DeepEqual(doc, wantDoc) || !reflect.DeepEqual(numKeys, keys) {
			t.Fatalf("document %d: phrases with the IDF by number\n%v\n%v\n%q\nExtractAll alone\n%v\n%v\n%q", i, per, doc, numKeys, wantPer, wantDoc, keys)
		}
	}
	if provOpt.MaxWords == docOpt.MaxWords { // one ranking: the session keeps its provisions
		for text, k := range textNums {
			if m, _ := sn.memo.Get(text, k-1); text != "" && m == nil {
				t.Fatalf("text %q numbered %d not kept by its number", text, k)
			}
		}
	}
	return asked
}

func TestSessionMatchesExtractAll(t *testing.T) {
	tagged := map[string]ProvisionInput{} // text -> its provision, tagged once
	provision := func(s string) ProvisionInput {
		p, ok := tagged[s]
		if !ok {
			toks, sents := proseTag(t, s)
			p = input("", 0, s, toks, sents)
			tagged[s] = p
		}
		return p
	}
	// doc places texts one after the other, as a document's provisions.
	doc := func(texts []string) []ProvisionInput {
		var provs []ProvisionInput
		off := 0
		for i, s := range texts {
			p := provision(s)
			p.ID, p.Offset = fmt.Sprint(i), off
			provs = append(provs, p)
			off += len(s) + 1
		}
		return provs
	}
	var gold []string
	for _, r := range readGold(t) {
		gold = append(gold, r.Text)
	}
	edited := append([]string(nil), gold...)
	edited[3] = strings.Replace(edited[3], "States", "Member States", 1)
	edited = append(edited[:7], edited[9:]...)
	versions := [][]string{
		gold[:20],
		append(append([]string(nil), gold[10:]...), gold[:5]...), // moved, added and dropped
		edited,
		{gold[1], "", gold[1], gold[2]}, // a text twice in a document, an empty provision
		gold,
	}
	tests := []struct {
		name            string
		provOpt, docOpt Options
	}{
		{"pipeline options", Options{TopN: 10}, Options{TopN: -1}},
		{"top 3, keep contained", Options{TopN: 3, KeepContained: true}, Options{TopN: 5, KeepContained: true}},
		{"all phrases", Options{TopN: -1}, Options{TopN: -1}},
		{"different max words", Options{TopN: 10, MaxWords: 3}, Options{TopN: -1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var docs [][]ProvisionInput
			for _, v := range versions {
				docs = append(docs, doc(v))
			}
			asked := checkSession(t, docs, tc.provOpt, tc.docOpt)
			if separate := tc.provOpt.MaxWords != tc.docOpt.MaxWords; separate != (asked == 0) {
				t.Fatalf("IDF by number asked %d times", asked)
			}
		})
	}
}

func FuzzSession(f *testing.F) {
	f.Add("international governance of the Internet|the Charter of the United Nations", []byte{8, 13, 4, 1, 22, 10, 0, 7}, uint8(10))
	f.Add("confidence-building measures||rights and responsibilities of States", []byte{9, 3, 1, 0, 10, 2, 1, 0}, uint8(1))
	f.Fuzz(func(t *testing.T, text string, b []byte, topN uint8) {
		parts := strings.Split(text, "|")
		// every version's provisions come from parts, tokenised alike (a text has one analysis)
		version := func(order []int) []ProvisionInput {
			var provs []ProvisionInput
			off := 0
			for _, k := range order {
				p := parts[k%len(parts)]
				_, sents := fuzzTokens(p, b)
				provs = append(provs, input("p", off, p, wordTokens(p, b), sents))
				off += len(p) + 1
			}
			return provs
		}
		n := len(parts)
		var rotated, dropped, twice []int
		for i := range n {
			rotated = append(rotated, (i+1)%n)
			if i != n/2 {
				dropped = append(dropped, i)
			}
			twice = append(twice, i, i)
		}
		opt := Options{TopN: int(topN%12) - 1, KeepContained: topN%5 == 0}
		checkSession(t, [][]ProvisionInput{version(rotated), version(dropped), version(twice), version(rotated)},
			opt, Options{TopN: -1, KeepContained: opt.KeepContained})
	})
}
