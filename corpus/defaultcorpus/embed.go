package defaultcorpus

import (
	"embed"
	"io/fs"
)

// ManifestName is the name of the manifest at the root of FS.
const ManifestName = "corpus.yaml"

//go:embed corpus.yaml texts
var files embed.FS

// FS returns the embedded default corpus: the manifest ManifestName at the root and the
// document texts under texts/. The returned file system is read-only and safe for
// concurrent use.
func FS() fs.FS {
	return files
}
