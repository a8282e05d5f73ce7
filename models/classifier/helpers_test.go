package classifier

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
)

// fixture is testdata/sklearn_fixture.json, written by testdata/make_fixture.py.
type fixture struct {
	Fits []struct {
		Name        string      `json:"name"`
		C           float64     `json:"C"`
		ClassWeight string      `json:"class_weight"`
		X           [][]float64 `json:"X"`
		Y           []string    `json:"y"`
		Classes     []string    `json:"classes"`
		Coef        [][]float64 `json:"coef"`
		Intercept   []float64   `json:"intercept"`
		Proba       [][]float64 `json:"proba"`
		SkGradInf   float64     `json:"sk_grad_inf"`
	} `json:"fits"`
	Metrics []struct {
		Name      string    `json:"name"`
		Gold      []string  `json:"gold"`
		Pred      []string  `json:"pred"`
		Labels    []string  `json:"labels"`
		Accuracy  float64   `json:"accuracy"`
		MacroF1   float64   `json:"macro_f1"`
		Precision []float64 `json:"precision"`
		Recall    []float64 `json:"recall"`
		F1        []float64 `json:"f1"`
		Support   []int     `json:"support"`
		Confusion [][]int   `json:"confusion"`
	} `json:"metrics"`
	Spearman []struct {
		Name string    `json:"name"`
		A    []float64 `json:"a"`
		B    []float64 `json:"b"`
		Rho  float64   `json:"rho"`
	} `json:"spearman"`
}

func loadFixture(t testing.TB) fixture {
	t.Helper()
	b, err := os.ReadFile("testdata/sklearn_fixture.json")
	if err != nil {
		t.Fatal(err)
	}
	var f fixture
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Fits) == 0 || len(f.Metrics) == 0 || len(f.Spearman) == 0 {
		t.Fatal("fixture is missing sections")
	}
	return f
}

// dense turns a dense row into a Vec, dropping zeros.
func dense(row []float64) Vec {
	var v Vec
	for j, x := range row {
		if x != 0 {
			v.Idx = append(v.Idx, j)
			v.Val = append(v.Val, x)
		}
	}
	return v
}

// synth makes n rows over dim features for the three stance classes: each class owns a block of
// `signal` features whose values are drawn around `strength`; the rest is noise. With label noise
// `flip`, that share of labels is replaced by a random class.
func synth(n, dim, signal int, strength, flip float64, seed uint64) ([]Vec, []string) {
	rng := rand.New(rand.NewPCG(seed, 99))
	classes := []string{models.Multistakeholder, models.Neutral, models.StateCentric}
	x := make([]Vec, n)
	y := make([]string, n)
	for i := range x {
		c := i % 3
		y[i] = classes[c]
		if rng.Float64() < flip {
			y[i] = classes[rng.IntN(3)]
		}
		row := make([]float64, dim)
		for j := range row {
			if rng.Float64() < 0.3 {
				row[j] = rng.Float64()
			}
		}
		for j := c * signal; j < (c+1)*signal; j++ {
			row[j] = strength * (0.5 + rng.Float64())
		}
		x[i] = dense(row)
	}
	return x, y
}

// bow is a bag-of-words featurizer over a fixed vocabulary (lower-cased token counts).
type bow struct {
	vocab []string
	index map[string]int
}

func newBow(words ...string) *bow {
	b := &bow{vocab: slices.Clone(words), index: map[string]int{}}
	for i, w := range b.vocab {
		b.index[w] = i
	}
	return b
}

func (b *bow) Dim() int { return len(b.vocab) }

func (b *bow) FeatureName(i int) string {
	if i < 0 || i >= len(b.vocab) {
		return ""
	}
	return b.vocab[i]
}

func (b *bow) Features(t models.Text) Vec {
	counts := map[int]float64{}
	for _, tok := range t.Tokens {
		if j, ok := b.index[strings.ToLower(tok.Text)]; ok {
			counts[j]++
		}
	}
	var v Vec
	for j := range b.vocab {
		if c := counts[j]; c > 0 {
			v.Idx = append(v.Idx, j)
			v.Val = append(v.Val, c)
		}
	}
	return v
}

// text tokenises s for tests (the pipeline does this in production).
func text(id, s string) models.Text {
	t := models.Text{ID: id, Text: s}
	for _, tok := range tokenize.Tokenize(s) {
		t.Tokens = append(t.Tokens, models.Token{Text: tok.Text, Start: tok.Start, End: tok.End})
	}
	return t
}

// stanceCorpus is a small labelled set of provision-like sentences.
func stanceCorpus() ([]models.Text, []string) {
	sc := []string{
		"States have sovereignty over the information space and its governance",
		"Policy authority for Internet public issues is the sovereign right of States",
		"All States must play the same role in international Internet governance",
		"States shall curb dissemination of information that undermines stability",
		"Respect sovereignty territorial integrity and non-interference in internal affairs of States",
		"Intergovernmental bodies and States lead the governance of information space",
		"The sovereign right of States to control information within their territory",
		"States have the right to protect their information space and sovereignty",
	}
	ms := []string{
		"Governments the private sector civil society and technical community in their respective roles",
		"Internet governance should be multistakeholder open and bottom-up",
		"All stakeholders including civil society and the private sector participate",
		"The free flow of information and an open decentralised Internet",
		"Multistakeholder participation of civil society academia and the technical community",
		"Private sector and civil society play their respective roles in governance",
		"Open bottom-up processes with all stakeholders as in the IGF and NETmundial",
		"Stakeholders in their respective roles support an open Internet",
	}
	ne := []string{
		"The Secretary-General shall circulate this document to Member States",
		"Cooperation on confidence-building measures and capacity building",
		"This resolution shall be reviewed at the next session",
		"Parties shall exchange information on incidents through points of contact",
		"Capacity building and technical assistance for developing countries",
		"The report shall be submitted at the seventieth session",
		"Points of contact shall be designated for incident response",
		"The working group shall meet twice a year",
	}
	var texts []models.Text
	var labels []string
	for i := range sc {
		texts = append(texts, text("sc", sc[i]), text("ms", ms[i]), text("ne", ne[i]))
		labels = append(labels, models.StateCentric, models.Multistakeholder, models.Neutral)
	}
	return texts, labels
}

// vocabOf collects the sorted lower-cased tokens of texts.
// rawTexts is the text of each of texts, for the blocks that fit on raw strings.
func rawTexts(texts []models.Text) []string {
	raw := make([]string, len(texts))
	for i, tx := range texts {
		raw[i] = tx.Text
	}
	return raw
}

func vocabOf(texts []models.Text) []string {
	var v []string
	for _, t := range texts {
		for _, tok := range t.Tokens {
			v = append(v, strings.ToLower(tok.Text))
		}
	}
	slices.Sort(v)
	return slices.Compact(v)
}

func maxAbsDiff(a, b []float64) float64 {
	d := 0.0
	if len(a) != len(b) {
		return math.Inf(1)
	}
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}
