package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/creack/pty"
	"github.com/hinshun/vt10x"
)

// screenTimeout is how long waitFor waits for a screen before the test
// fails. It is generous: the machine may be busy.
const screenTimeout = 20 * time.Second

// Terminal size the crash tests run peil in.
const termCols, termRows = 80, 24

// ptyPeil is a real peil process on a pseudo-terminal, with a terminal
// emulator that is fed everything peil writes, so that the test reads the
// screen a person would see (Bubble Tea redraws only the cells that change,
// so the byte stream itself says little).
type ptyPeil struct {
	t       testing.TB
	cmd     *exec.Cmd
	pty     *os.File
	term    vt10x.Terminal
	changed chan struct{} // a signal after every chunk fed to term
	done    chan struct{} // closed when reading the pty stops
	killed  bool
}

// startPeil runs the binary bin with args in an 80x24 pseudo-terminal.
func startPeil(t testing.TB, bin string, args ...string) *ptyPeil {
	t.Helper()
	cmd := exec.Command(bin, args...)
	home := t.TempDir()
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_DATA_HOME=" + filepath.Join(home, "data"),
		"TERM=xterm-256color",
		"LANG=C.UTF-8",
	}
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: termRows, Cols: termCols})
	if err != nil {
		t.Fatalf("starting %s on a pseudo-terminal: %v", bin, err)
	}
	p := &ptyPeil{
		t:       t,
		cmd:     cmd,
		pty:     f,
		term:    vt10x.New(vt10x.WithSize(termCols, termRows), vt10x.WithWriter(f)),
		changed: make(chan struct{}, 1),
		done:    make(chan struct{}),
	}
	go p.read()
	t.Cleanup(p.kill)
	return p
}

// read feeds the emulator until the pty closes. It hands it whole UTF-8
// characters only: a character split across two reads waits for its rest.
func (p *ptyPeil) read() {
	defer close(p.done)
	buf := make([]byte, 32<<10)
	var rest []byte
	for {
		n, err := p.pty.Read(buf)
		if n > 0 {
			data := append(rest, buf[:n]...)
			cut := completeUTF8(data)
			p.term.Write(data[:cut])
			rest = append([]byte(nil), data[cut:]...)
			select {
			case p.changed <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// completeUTF8 returns the length of the longest prefix of b that does not
// end inside a UTF-8 character.
func completeUTF8(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if utf8.FullRune(b[i:]) {
				return len(b)
			}
			return i
		}
	}
	return len(b)
}

// screen returns the emulated screen, one line per row.
func (p *ptyPeil) screen() string { return p.term.String() }

// quiet forgets the output seen so far, for a following waitOutput.
func (p *ptyPeil) quiet() {
	select {
	case <-p.changed:
	default:
	}
}

// waitOutput waits until peil has written n more times, or the screen
// satisfies enough, or peil has ended. It gives the moment of a kill some
// spread without sleeping.
func (p *ptyPeil) waitOutput(n int, enough func(screen string) bool) {
	p.t.Helper()
	deadline := time.NewTimer(screenTimeout)
	defer deadline.Stop()
	for range n {
		if enough(p.screen()) {
			return
		}
		select {
		case <-p.changed:
		case <-p.done:
			return
		case <-deadline.C:
			p.t.Fatalf("peil wrote nothing for %v; screen:\n%s", screenTimeout, p.screen())
		}
	}
}

// send types keys as a person would (one write per call).
func (p *ptyPeil) send(keys string) {
	p.t.Helper()
	if _, err := p.pty.Write([]byte(keys)); err != nil {
		p.t.Fatalf("typing %q: %v\nscreen:\n%s", keys, err, p.screen())
	}
}

// waitFor waits until ok holds for the screen and returns that screen; it
// fails the test, showing the screen, when peil ends or screenTimeout
// passes first.
func (p *ptyPeil) waitFor(what string, ok func(screen string) bool) string {
	p.t.Helper()
	deadline := time.NewTimer(screenTimeout)
	defer deadline.Stop()
	for {
		s := p.screen()
		if ok(s) {
			return s
		}
		select {
		case <-p.changed:
		case <-p.done:
			if s = p.screen(); ok(s) {
				return s
			}
			err := p.cmd.Wait()
			p.t.Fatalf("peil ended (%v) while the test waited for %s; screen:\n%s", err, what, s)
		case <-deadline.C:
			p.t.Fatalf("waited %v for %s; screen:\n%s", screenTimeout, what, s)
		}
	}
}

// waitText waits until the screen shows all of texts.
func (p *ptyPeil) waitText(texts ...string) string {
	p.t.Helper()
	return p.waitFor(strings.Join(texts, " + "), func(s string) bool {
		for _, t := range texts {
			if !strings.Contains(s, t) {
				return false
			}
		}
		return true
	})
}

// kill ends peil with SIGKILL, as a power cut or a crash would, and waits
// until it is gone. Calling it again does nothing.
func (p *ptyPeil) kill() {
	if p.killed {
		return
	}
	p.killed = true
	if err := p.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		p.t.Errorf("killing peil: %v", err)
	}
	p.cmd.Wait() // the exit status is "killed"; nothing to check
	select {
	case <-p.done:
	case <-time.After(screenTimeout):
		p.t.Errorf("the pseudo-terminal stayed open %v after peil was killed", screenTimeout)
	}
	p.pty.Close()
}
