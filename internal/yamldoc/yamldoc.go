package yamldoc

import (
	"errors"
	"io"

	"gopkg.in/yaml.v3"
)

// Extra reads the documents dec holds after the one already decoded and returns the first that
// is not empty (its node's Line is the line of the "---" that starts it), or the decoder's error, or nil, nil when
// there is none.
func Extra(dec *yaml.Decoder) (*yaml.Node, error) {
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if !empty(&n) {
			return &n, nil
		}
	}
}

// empty reports a document with no content or only a null written as nothing.
func empty(n *yaml.Node) bool {
	if len(n.Content) == 0 {
		return true
	}
	c := n.Content[0]
	return c.Kind == yaml.ScalarNode && c.ShortTag() == "!!null" && c.Value == ""
}
