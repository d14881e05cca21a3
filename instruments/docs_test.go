package instruments_test

import (
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"peil/instruments"
)

// TestDocsExamples keeps docs/instruments.md honest: the complete example
// must be a valid instrument, and every other YAML snippet valid YAML (a
// comma or question mark inside { } is the classic mistake).
func TestDocsExamples(t *testing.T) {
	data, err := os.ReadFile("../docs/instruments.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(data), "```yaml\n")[1:]
	if len(blocks) < 5 {
		t.Fatalf("found %d yaml blocks in the docs", len(blocks))
	}
	complete := 0
	for i, b := range blocks {
		b = b[:strings.Index(b, "```")]
		if strings.HasPrefix(b, "# Lines") {
			complete++
			if _, err := instruments.Parse("docs example", []byte(b)); err != nil {
				t.Errorf("the complete example is not valid:\n%v", err)
			}
			continue
		}
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(b), &n); err != nil {
			t.Errorf("yaml block %d is not valid YAML: %v\n%s", i+1, err, b)
		}
	}
	if complete != 1 {
		t.Errorf("found %d complete examples, want 1", complete)
	}
}
