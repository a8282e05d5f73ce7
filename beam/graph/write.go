package graph

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/stanceshift/stanceshift/results"
)

// WriteShards writes rows (report name, CSV records) as shard files: for each report, up to
// shards files <report>-SSSSS-of-NNNNN.csv under out, each with the report's header once, then
// its records sorted bytewise. A batch of records goes to the shard its FNV-1a hash picks, so the shards
// spread over workers and the same input always gives the same files. A report with no rows
// has no shard; Merge writes it with its header alone. (textio.Write would funnel every row
// through one key.)
func WriteShards(s beam.Scope, out string, shards int, rows beam.PCollection) {
	s = s.Scope("WriteShards")
	keyed := beam.ParDo(s, &shardKeyFn{Shards: shards}, rows)
	beam.ParDo0(s, &writeShardFn{Out: out, Shards: shards}, beam.GroupByKey(s, keyed))
}

type shardKeyFn struct{ Shards int }

func (f *shardKeyFn) ProcessElement(name, recs string) (string, string) {
	h := fnv.New32a()
	h.Write([]byte(recs))
	return name + "\x00" + strconv.Itoa(int(h.Sum32()%uint32(f.Shards))), recs
}

type writeShardFn struct {
	Out    string
	Shards int
}

// ShardName is the file name of shard i of n of a report.
func ShardName(report string, i, n int) string {
	return fmt.Sprintf("%s-%05d-of-%05d.csv", strings.TrimSuffix(report, ".csv"), i, n)
}

func (f *writeShardFn) ProcessElement(ctx context.Context, key string, iter func(*string) bool) error {
	name, shard, _ := strings.Cut(key, "\x00")
	i, err := strconv.Atoi(shard)
	if err != nil {
		return fmt.Errorf("beam: bad shard key %q", key)
	}
	header := ""
	for _, r := range Reports {
		if r.Name == name {
			header = r.Header
		}
	}
	if header == "" {
		return fmt.Errorf("beam: rows for unknown report %q", name)
	}
	var recs [][]byte
	var batch string
	for iter(&batch) {
		recs = append(recs, SplitRecords([]byte(batch))...)
	}
	path := strings.TrimSuffix(f.Out, "/") + "/" + ShardName(name, i, f.Shards)
	fsys, err := filesystem.New(ctx, path)
	if err != nil {
		return err
	}
	defer fsys.Close()
	w, err := fsys.OpenWrite(ctx, path)
	if err != nil {
		return fmt.Errorf("beam: %s: %w", path, err)
	}
	if _, err := w.Write(SortedCSV([]byte(header), recs)); err != nil {
		w.Close()
		return fmt.Errorf("beam: %s: %w", path, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("beam: %s: %w", path, err)
	}
	return nil
}

// Merge is the step after a run whose output is a local directory: for each report it joins
// the shards into <report>.csv (the header once, then every record sorted bytewise) and removes
// the shards. errors.csv is written only when some input was skipped (and an old one removed
// otherwise), as `stanceshift run` does. It returns the report names written.
//
// The merged files have the rows of `stanceshift run`'s reports in another order: bytewise
// instead of each report's documented order (see the equivalence test).
func Merge(ctx context.Context, dir string) ([]string, error) {
	var names []string
	for _, r := range Reports {
		base := strings.TrimSuffix(r.Name, ".csv")
		shards, err := filepath.Glob(filepath.Join(dir, base+"-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9].csv"))
		if err != nil {
			return names, err
		}
		if len(shards) == 0 && r.Name == "errors.csv" {
			if err := results.Remove(dir, r.Name); err != nil {
				return names, err
			}
			continue
		}
		var recs [][]byte
		for _, sh := range shards {
			b, err := os.ReadFile(sh)
			if err != nil {
				return names, fmt.Errorf("beam: merge: %w", err)
			}
			if !bytes.HasPrefix(b, []byte(r.Header)) {
				return names, fmt.Errorf("beam: merge: %s does not start with the header of %s", sh, r.Name)
			}
			recs = append(recs, SplitRecords(b[len(r.Header):])...)
		}
		data := SortedCSV([]byte(r.Header), recs)
		if err := results.WriteFileAtomic(ctx, filepath.Join(dir, r.Name), data); err != nil {
			return names, err
		}
		for _, sh := range shards {
			if err := os.Remove(sh); err != nil {
				return names, fmt.Errorf("beam: merge: %w", err)
			}
		}
		names = append(names, r.Name)
	}
	return names, nil
}

// SortedCSV is header followed by recs sorted bytewise: the documented order the equivalence
// test compares in.
func SortedCSV(header []byte, recs [][]byte) []byte {
	slices.SortFunc(recs, bytes.Compare)
	out := append([]byte(nil), header...)
	for _, r := range recs {
		out = append(out, r...)
	}
	return out
}
