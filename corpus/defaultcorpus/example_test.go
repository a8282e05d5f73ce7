package defaultcorpus_test

import (
	"fmt"
	"io/fs"

	"github.com/stanceshift/stanceshift/corpus/defaultcorpus"
)

// The embedded corpus is an fs.FS with the manifest at its root and the texts under texts/.
func ExampleFS() {
	fsys := defaultcorpus.FS()
	if _, err := fs.Stat(fsys, defaultcorpus.ManifestName); err != nil {
		fmt.Println(err)
		return
	}
	entries, err := fs.ReadDir(fsys, "texts")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	// Output:
	// gge-2013.txt
	// netmundial-2014.txt
	// sco-code-2011.txt
	// sco-code-2015.txt
	// tunis-agenda-2005.txt
	// wcit-2012-res3.txt
}
