package classifier

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/models"
)

func sameFloat(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

func sameScore(a, b models.Score) bool {
	if !sameFloat(a.Score, b.Score) || !sameFloat(a.SE, b.SE) || !sameFloat(a.CILow, b.CILow) ||
		!sameFloat(a.CIHigh, b.CIHigh) || a.Label != b.Label || !sameFloat(a.Confidence, b.Confidence) ||
		len(a.Evidence) != len(b.Evidence) {
		return false
	}
	for i := range a.Evidence {
		x, y := a.Evidence[i], b.Evidence[i]
		if x.Term != y.Term || x.Start != y.Start || x.End != y.End || !sameFloat(x.Count, y.Count) ||
			!sameFloat(x.Contribution, y.Contribution) {
			return false
		}
	}
	return true
}

func TestSaveLoadRoundTrip(t *testing.T) {
	m, f := trainedStance(t)
	s := WithFeaturizer(m, f)
	var buf bytes.Buffer
	if err := s.Save(&buf); err != nil {
		t.Fatal(err)
	}
	saved := buf.String()
	l, err := Load(strings.NewReader(saved))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.FeatureNames) != f.Dim() || l.FeatureNames[0] != f.FeatureName(0) {
		t.Errorf("feature names not saved: %d", len(l.FeatureNames))
	}
	ls := WithFeaturizer(l, f)
	texts, _ := stanceCorpus()
	texts = append(texts, text("new", "Sovereignty and civil society in their respective roles"), text("empty", ""))
	for _, tx := range texts {
		if a, b := s.Score(tx), ls.Score(tx); !sameScore(a, b) {
			t.Errorf("%s: score changed after load:\n%+v\n%+v", tx.Text, a, b)
		}
	}
	if a, b := s.ScoreDocument(texts), ls.ScoreDocument(texts); !sameScore(a, b) {
		t.Errorf("document score changed after load:\n%+v\n%+v", a, b)
	}
	var again bytes.Buffer
	if err := l.Save(&again); err != nil {
		t.Fatal(err)
	}
	if again.String() != saved {
		t.Error("save → load → save is not byte-identical")
	}
}

func TestLoadErrors(t *testing.T) {
	m, _ := trainedStance(t)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	for _, tc := range []struct {
		name, json, want string
	}{
		{"not JSON", "{", "unexpected EOF"},
		{"empty", "", "EOF"},
		{"trailing data", good + "{}", "trailing data"},
		{"unknown field", strings.Replace(good, `"Format"`, `"Extra":1,"Format"`, 1), "unknown field"},
		{"wrong format", strings.Replace(good, FormatV1, "other/v9", 1), "format"},
		{"zero temperature", replaceField(good, `"Temperature":`, "0"), "temperature must be finite and > 0"},
		{"unsorted classes", strings.Replace(good, `"multistakeholder","neutral"`, `"neutral","multistakeholder"`, 1), "sorted"},
		{"wrong dim", replaceField(good, `"Dim":`, "3"), "weight row 0 has"},
		{"negative dim", replaceField(good, `"Dim":`, "-3"), "dim -3 out of range"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(strings.NewReader(tc.json))
			if err == nil || !strings.HasPrefix(err.Error(), "classifier: load: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	var nilModel *Model
	if err := nilModel.Save(&buf); err == nil || !strings.HasPrefix(err.Error(), "classifier: save: ") {
		t.Errorf("saving a nil model: %v", err)
	}
	bad := *m
	bad.Temperature = math.NaN()
	if err := bad.Save(&buf); err == nil || !strings.Contains(err.Error(), "temperature") {
		t.Errorf("saving a NaN temperature: %v", err)
	}
}

// replaceField replaces the number after key (e.g. `"Dim":`) with v.
func replaceField(s, key, v string) string {
	i := strings.Index(s, key)
	if i < 0 {
		return s
	}
	j := i + len(key)
	k := j
	for k < len(s) && strings.ContainsRune("0123456789.-+eE", rune(s[k])) {
		k++
	}
	return s[:j] + v + s[k:]
}
