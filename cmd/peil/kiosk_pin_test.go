package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// peil kiosk pin refuses a PIN that is not allowed after the first entry,
// without asking for it a second time.
func TestKioskPINCheckedAfterFirstEntry(t *testing.T) {
	db := filepath.Join(t.TempDir(), "peil.db")
	p := startPeil(t, peilBinary, "--db", db, "kiosk", "pin")
	p.waitText("New PIN")
	p.send("12\r")
	s := p.waitText("4 to 8 digits")
	if strings.Contains(s, "Type it again") {
		t.Errorf("a 2-digit PIN was asked for again:\n%s", s)
	}
	if err := p.cmd.Wait(); err == nil {
		t.Errorf("peil kiosk pin accepted a 2-digit PIN:\n%s", s)
	}
}
