//go:build beamlarge

package graph_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The generated corpus: bench/gen at the root module, seed 1, deterministic. Its size is
// STANCESHIFT_BEAM_SIZE (default 20MB).
func init() {
	size := os.Getenv("STANCESHIFT_BEAM_SIZE")
	if size == "" {
		size = "20MB"
	}
	equivalenceCases = append(equivalenceCases, equivalenceCase{name: "generated " + size,
		corpus: func(t *testing.T) string { return generated(t, size) }})
}

func generated(t *testing.T, size string) string {
	dir := filepath.Join(t.TempDir(), "corpus")
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "run", "./bench/gen", "-size", size, "-out", dir, "-seed", "1")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("bench/gen: %v\n%s", err, out)
	}
	return dir
}
