package instruments

import (
	"fmt"
	"os"

	"go.yaml.in/yaml/v3"

	"peil/survey"
)

// Load reads and checks the instrument file at path. Problems name the
// file as path.
func Load(path string) (*survey.Instrument, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading instrument file: %w", err)
	}
	return Parse(path, data)
}

// Parse reads and checks an instrument file; name is the file name used in
// problem messages. When the file has problems, the error is a Problems
// list holding every one of them, and the instrument is nil.
func Parse(name string, data []byte) (*survey.Instrument, error) {
	p := &parser{file: name}
	var doc yaml.Node
	if err := unmarshal(data, &doc); err != nil {
		p.yamlError(err, data)
		return nil, p.probs
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		p.add(nil, "the file is empty; an instrument starts with lines such as \"id: cultuursurvey\" and \"version: 1\"")
		return nil, p.probs
	}
	if p.aliases(doc.Content[0]) {
		p.probs.sort()
		return nil, p.probs
	}
	in := p.instrument(doc.Content[0])
	if len(p.probs) > 0 {
		p.probs.sort()
		return nil, p.probs
	}
	return in, nil
}
