package bench_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/hinshun/vt10x"
)

// BenchmarkFirstScreen is the second line of docs/performance.md: the
// time from starting peil on a small database (the example study a first
// start makes, 2 MB) to its first screen with the list of studies, against
// the same for a minimal Bubble Tea v2 program (bench/minitea), on an 80x24
// pseudo-terminal, one after the other in every iteration. Both are quit
// with ctrl+c, so peil closes its database cleanly as a person's session
// would. The goal is x <= 1.5.
func BenchmarkFirstScreen(b *testing.B) {
	peil := binary(b, "cmd/peil")
	mini := binary(b, "bench/minitea")
	home := b.TempDir()
	db := filepath.Join(home, "peil.db")
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_DATA_HOME=" + filepath.Join(home, "data"),
		"TERM=xterm-256color", "LANG=C.UTF-8"}
	// The first start makes the example study; it is not measured.
	firstScreen(b, exec.Command(peil, "--db", db), env, "voorbeeld")
	var peilT, miniT []time.Duration
	for b.Loop() {
		peilT = append(peilT, firstScreen(b, exec.Command(peil, "--db", db), env, "voorbeeld"))
		miniT = append(miniT, firstScreen(b, exec.Command(mini), env, "klaar"))
	}
	report(b, peilT, miniT, "minitea")
}

// firstScreen starts cmd on a pseudo-terminal and returns the time until
// the screen shows want; then it quits the program with ctrl+c and waits
// for it to end.
func firstScreen(b *testing.B, cmd *exec.Cmd, env []string, want string) time.Duration {
	b.Helper()
	cmd.Env = env
	t0 := time.Now()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		b.Fatalf("starting %s: %v", cmd, err)
	}
	defer f.Close()
	term := vt10x.New(vt10x.WithSize(80, 24), vt10x.WithWriter(f))
	buf := make([]byte, 32<<10)
	deadline := time.Now().Add(30 * time.Second)
	var d time.Duration
	for {
		n, err := f.Read(buf)
		if n > 0 {
			term.Write(buf[:n])
			if strings.Contains(term.String(), want) {
				d = time.Since(t0)
				break
			}
		}
		if err != nil || time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			b.Fatalf("%s did not show %q (%v); screen:\n%s", cmd, want, err, term.String())
		}
	}
	// Quit as a person would; keep reading so that the program can write
	// its last screen and end.
	if _, err := f.Write([]byte{3}); err != nil {
		b.Fatalf("typing ctrl+c: %v", err)
	}
	done := make(chan struct{})
	go func() {
		for {
			if _, err := f.Read(buf); err != nil {
				close(done)
				return
			}
		}
	}()
	if err := cmd.Wait(); err != nil {
		b.Fatalf("%s ended with %v", cmd, err)
	}
	f.Close()
	<-done
	return d
}
