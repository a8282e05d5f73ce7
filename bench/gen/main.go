package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the exit, for tests.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	size := fs.String("size", "10MB", "bytes of text to write: 10MB, 100MB, 1GB, 500KB or a number of bytes (decimal units)")
	out := fs.String("out", "", "corpus `DIR` to write (created if missing)")
	seed := fs.Uint64("seed", 1, "random seed; the same seed and size give the same bytes")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: go run ./bench/gen -size 10MB -out DIR [-seed 1]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	n, err := ParseSize(*size)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	st, err := Generate(*out, n, *seed)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "gen: %s: %d instruments, %d documents, %d provisions, %d bytes of text (%d in %s), %d reused clauses\n",
		*out, st.Instruments, st.Documents, st.Provisions, st.TextBytes, st.ProvisionBytes, ProvisionsFile, st.ReusedClauses)
	return 0
}
