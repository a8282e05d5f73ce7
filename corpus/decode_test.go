package corpus

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDecodeText(t *testing.T) {
	tests := []struct {
		name     string
		in       []byte
		want     string
		wantErr  error
		wantWarn string // substring of the only warning
		wantLine int    // line of the error or warning
	}{
		{name: "utf8", in: []byte("Article 1\nStates shall cooperate."), want: "Article 1\nStates shall cooperate."},
		{name: "bom removed", in: []byte("\xef\xbb\xbf(a) text"), want: "(a) text"},
		{name: "empty", in: nil, wantErr: ErrEmpty},
		{name: "white space only", in: []byte(" \n\t\r\n"), wantErr: ErrEmpty},
		{name: "byte-order mark only", in: []byte("\xef\xbb\xbf"), wantErr: ErrEmpty},
		{name: "byte-order mark and white space", in: []byte("\xef\xbb\xbf \r\n\n"), wantErr: ErrEmpty},
		{name: "utf16 byte-order mark only", in: []byte{0xFF, 0xFE}, wantErr: ErrEmpty},
		{name: "latin1 no-break spaces only", in: []byte("\xa0\n \xa0\r\n"), wantErr: ErrEmpty},
		{name: "latin1 transcoded", in: []byte("line one\nR\xe9solution de l'Assembl\xe9e"), want: "line one\nRésolution de l'Assemblée",
			wantWarn: "first bad byte 0xe9 at byte offset 10", wantLine: 2},
		{name: "windows-1252 quotes", in: []byte("\x93information space\x94 \x96 States"), want: "“information space” – States",
			wantWarn: "Windows-1252", wantLine: 1},
		{name: "utf16le", in: []byte{0xFF, 0xFE, 'A', 0, 'r', 0, 't', 0}, want: "Art", wantWarn: "UTF-16"},
		{name: "utf16be", in: []byte{0xFE, 0xFF, 0, 'A', 0, 'r', 0, 't'}, want: "Art", wantWarn: "UTF-16"},
		{name: "nul byte is binary", in: []byte("text\n\x00\x01\x02"), wantErr: ErrBinary, wantLine: 2},
		{name: "control bytes are binary", in: bytes.Repeat([]byte{0x01, 0x02, 'a'}, 100), wantErr: ErrBinary},
		{name: "png header is binary", in: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), wantErr: ErrBinary, wantLine: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warns, err := DecodeText("doc.txt", tt.in)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				var ce *Error
				if !errors.As(err, &ce) || ce.Path != "doc.txt" || ce.Line != tt.wantLine {
					t.Errorf("error %v: want doc.txt line %d", err, tt.wantLine)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if tt.wantWarn == "" {
				if len(warns) != 0 {
					t.Errorf("unexpected warnings %v", warns)
				}
				return
			}
			if len(warns) != 1 || !strings.Contains(warns[0].Msg, tt.wantWarn) || warns[0].Line != tt.wantLine || warns[0].Path != "doc.txt" {
				t.Errorf("warnings %v, want one containing %q at line %d", warns, tt.wantWarn, tt.wantLine)
			}
		})
	}
}

func FuzzDecodeText(f *testing.F) {
	f.Add([]byte("Article 1\n"))
	f.Add([]byte("R\xe9solution"))
	f.Add([]byte{0xFF, 0xFE, 'A'})
	f.Add([]byte("\xef\xbb\xbf"))
	f.Fuzz(func(t *testing.T, in []byte) {
		s, _, err := DecodeText("f", in)
		if err == nil && (strings.TrimSpace(s) == "" || !utf8.ValidString(s)) {
			t.Fatalf("DecodeText(%q) = %q without error", in, s)
		}
	})
}

// FuzzCountCtrl compares countCtrl with a table lookup per byte.
func FuzzCountCtrl(f *testing.F) {
	f.Add([]byte("Article 1\nThe States\tshall\r\n\x01\x1f \x7f\x80\xa0 cooperate.\f\v"))
	f.Add([]byte("\x00\x08\x0e\x1f\x20\x9f\x9a\xff\x1a\x1b\x1c\x1d\x1e\x1f\x1f\x1f\x1f"))
	f.Fuzz(func(t *testing.T, b []byte) {
		want := 0
		for _, c := range b {
			want += int(ctrlByte[c])
		}
		if got := countCtrl(b); got != want {
			t.Errorf("countCtrl(%q) = %d, want %d", b, got, want)
		}
	})
}
