package results

import (
	"context"
	"encoding/json"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
)

// ToolVersion is stanceshift's version, written into run.json and printed by `stanceshift version`.
const ToolVersion = "0.1.0"

// RunInfo is run.json: what was run, on what, with which options, and how long each stage took.
// It is the only report that may differ between two runs on the same input (timings).
type RunInfo struct {
	Tool         string            `json:"tool"`
	ToolVersion  string            `json:"tool_version"`
	GoVersion    string            `json:"go_version"`
	Dependencies []Dependency      `json:"dependencies"`
	Corpus       CorpusInfo        `json:"corpus"`
	Inputs       []Input           `json:"inputs"`
	Options      map[string]any    `json:"options"`
	Counts       map[string]int    `json:"counts"`
	Stages       []Stage           `json:"stages"`
	Reports      []string          `json:"reports"`
	Extra        map[string]string `json:"extra,omitempty"`
}

// Dependency is a module the binary was built with.
type Dependency struct {
	Path    string `json:"path"`
	Version string `json:"version"`
}

// CorpusInfo says which corpus was read.
type CorpusInfo struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	Root string `json:"root"`
}

// Input is one file read, with its SHA-256.
type Input struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Bytes  int    `json:"bytes"`
}

// Stage is one pipeline stage's wall time.
type Stage struct {
	Name    string  `json:"name"`
	Seconds float64 `json:"seconds"`
	Items   int     `json:"items"`
}

// NewRunInfo fills the tool, Go and dependency versions from the running binary's build info.
func NewRunInfo() *RunInfo {
	ri := &RunInfo{Tool: "stanceshift", ToolVersion: ToolVersion, GoVersion: runtime.Version(),
		Options: map[string]any{}, Counts: map[string]int{}}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			v := d.Version
			if d.Replace != nil {
				v = d.Replace.Path + "@" + d.Replace.Version
			}
			ri.Dependencies = append(ri.Dependencies, Dependency{Path: d.Path, Version: v})
		}
	}
	sort.Slice(ri.Dependencies, func(i, j int) bool { return ri.Dependencies[i].Path < ri.Dependencies[j].Path })
	if ri.Dependencies == nil {
		ri.Dependencies = []Dependency{}
	}
	return ri
}

// Write writes run.json atomically into dir.
func (ri *RunInfo) Write(ctx context.Context, dir string) error {
	b, err := json.MarshalIndent(ri, "", "  ")
	if err != nil {
		return err
	}
	return WriteFileAtomic(ctx, filepath.Join(dir, "run.json"), append(b, '\n'))
}
