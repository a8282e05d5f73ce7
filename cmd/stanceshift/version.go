package main

import (
	"fmt"
	"io"

	"github.com/stanceshift/stanceshift/results"
)

const versionUsage = `Usage: stanceshift version

Prints stanceshift's version, the Go version it was built with and its dependencies.

Example:
  stanceshift version
`

func cmdVersion(args []string, stdout io.Writer) error {
	fs := newFlagSet("version", versionUsage, stdout)
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	ri := results.NewRunInfo()
	fmt.Fprintf(stdout, "stanceshift %s (%s)\n", ri.ToolVersion, ri.GoVersion)
	for _, d := range ri.Dependencies {
		fmt.Fprintf(stdout, "  %s %s\n", d.Path, d.Version)
	}
	return nil
}
