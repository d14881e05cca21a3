package report_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"peil/report"
	"peil/survey"
)

// chromium returns the path of a headless Chromium, or skips the test
// (fails it when $CI is set: CI must run it).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed, and CI is set: install it (Debian: apt-get install chromium)")
	}
	t.Skip("chromium is not installed; install it (Debian: apt-get install chromium) to render the report")
	return ""
}

func runChromium(t *testing.T, bin string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, out)
	}
}

// TestChromium opens the Dutch report in headless Chromium, takes a
// screenshot and prints it to PDF, and checks that both hold a real page:
// the screenshot has the report's colours (the figures were drawn) and
// enough ink, the PDF several A4 pages. With -update it also refreshes
// docs/report-example.png.
func TestChromium(t *testing.T) {
	bin := chromium(t)
	d, _ := fixture(t)
	rep := trends(t, d)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	if err := report.HTML(&buf, rep, testMeta(survey.Dutch)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "report.png")
	runChromium(t, bin, "--screenshot="+shot, "--window-size=1200,4000", "--hide-scrollbars", "file://"+page)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 4000 {
		t.Errorf("screenshot is %dx%d, want 1200x4000", b.Dx(), b.Dy())
	}
	ink, colours := inspect(img)
	// The distribution bars diverge from orange to blue: finding the
	// ends, the grey middle and light blue shows the SVG was drawn.
	for name, c := range map[string][3]uint8{
		"dark blue (Helemaal mee eens)": {0x08, 0x51, 0x9c}, "light blue (Mee eens)": {0x6b, 0xae, 0xd6},
		"grey (Neutraal)": {0xba, 0xba, 0xba}, "light orange (Mee oneens)": {0xf1, 0xa3, 0x40},
	} {
		if colours[c] < 200 {
			t.Errorf("screenshot has %d pixels of %s: the figures were not drawn", colours[c], name)
		}
	}
	if ink < 0.04 {
		t.Errorf("only %.1f%% of the screenshot is not white: the page looks empty", ink*100)
	}
	t.Logf("screenshot: %.1f%% ink, %d distinct colours", ink*100, len(colours))

	pdf := filepath.Join(dir, "report.pdf")
	runChromium(t, bin, "--print-to-pdf="+pdf, "--no-pdf-header-footer", "file://"+page)
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatalf("no PDF: %v", err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatal("the PDF does not start with %PDF-")
	}
	if len(data) < 20_000 {
		t.Errorf("the PDF has %d bytes: too small for a report of 10 pages", len(data))
	}
	if *update {
		small := filepath.Join(dir, "example.png")
		runChromium(t, bin, "--screenshot="+small, "--window-size=800,2200", "--hide-scrollbars", "file://"+page)
		data, err := os.ReadFile(small)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("..", "docs", "report-example.png"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// inspect returns the share of pixels that are not near-white and a count
// of pixels per colour.
func inspect(img image.Image) (ink float64, colours map[[3]uint8]int) {
	colours = map[[3]uint8]int{}
	b := img.Bounds()
	dark := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			c := [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8)}
			colours[c]++
			if c[0] < 235 || c[1] < 235 || c[2] < 235 {
				dark++
			}
		}
	}
	return float64(dark) / float64(b.Dx()*b.Dy()), colours
}
