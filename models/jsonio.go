package models

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// SaveJSON is the Save of every fitted model: it checks the model with validate, then writes v as
// JSON indented by indent ("" for compact: large weight matrices), one value per file
// (encoding/json sorts map keys, so the same model gives the same bytes). Errors are prefixed
// "<pkg>: save: ".
func SaveJSON(w io.Writer, pkg, indent string, v any, validate func() error) error {
	if validate != nil {
		if err := validate(); err != nil {
			return fmt.Errorf("%s: save: %w", pkg, err)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("%s: save: %w", pkg, err)
	}
	return nil
}

// LoadJSON is the Load of every fitted model: a strict decode into v (unknown fields and trailing
// data are errors), then validate. Errors are prefixed "<pkg>: load: ".
func LoadJSON(r io.Reader, pkg string, v any, validate func() error) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: load: %w", pkg, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New(pkg + ": load: trailing data after the model")
	}
	if validate != nil {
		if err := validate(); err != nil {
			return fmt.Errorf("%s: load: %w", pkg, err)
		}
	}
	return nil
}
