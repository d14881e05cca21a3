package postgres_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"peil/postgres"
	"peil/postgres/pgtest"
	"peil/survey"
)

// pgDump returns a full dump (schema and data) of the database dsn names,
// made by the pg_dump that comes with the server.
func pgDump(t *testing.T, dsn string) string {
	t.Helper()
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_dump")
		sort.Strings(matches)
		if len(matches) == 0 {
			if os.Getenv("CI") != "" {
				t.Fatal("pg_dump is not installed (Debian: postgresql-client)")
			}
			t.Skip("pg_dump is not installed")
		}
		bin = matches[len(matches)-1]
	}
	out, err := exec.Command(bin, "--no-owner", "--dbname="+dsn).Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	// Newer pg_dump brackets its output with \restrict KEY and
	// \unrestrict KEY, KEY new each time.
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if !strings.HasPrefix(l, "\\restrict ") && !strings.HasPrefix(l, "\\unrestrict ") {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// A database that holds another application's tables, or that a newer
// peil made, is refused with a message saying so, and left exactly as it
// was (schema and data).
func TestOpenRefusesAndLeavesUntouched(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dsn string)
		want  []string
	}{
		{"another application", func(t *testing.T, dsn string) {
			c := pgtest.Conn(t, dsn)
			_, err := c.Exec(ctx, `CREATE TABLE customers (id serial PRIMARY KEY, name text);
				INSERT INTO customers (name) VALUES ('Jansen');
				CREATE TABLE orders (id serial PRIMARY KEY, customer integer REFERENCES customers)`)
			check(t, err)
		}, []string{"2 tables of another application", "customers, orders", "left it unchanged"}},
		{"another application's settings table", func(t *testing.T, dsn string) {
			c := pgtest.Conn(t, dsn)
			_, err := c.Exec(ctx, `CREATE TABLE settings (key text PRIMARY KEY, value text)`)
			check(t, err)
		}, []string{"1 tables of another application", "settings"}},
		{"a newer peil", func(t *testing.T, dsn string) {
			s, err := postgres.Open(ctx, dsn)
			check(t, err)
			_, err = s.CreateStudy(ctx, survey.Study{Code: "monitor"})
			check(t, err)
			s.Close()
			c := pgtest.Conn(t, dsn)
			_, err = c.Exec(ctx, `INSERT INTO peil_migrations (version, name) VALUES (99, '0099_future.sql')`)
			check(t, err)
		}, []string{"newer version of peil", "schema 99", "left the database unchanged"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dsn := pgtest.DSN(t)
			tc.setup(t, dsn)
			before := pgDump(t, dsn)
			_, err := postgres.Open(ctx, dsn)
			wantCode(t, err, survey.EINVALID)
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if after := pgDump(t, dsn); after != before {
				t.Errorf("the refused database changed:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

// A new database gets the whole schema, marked as peil's, with a device
// id; opening it again changes nothing and keeps the device id.
func TestOpenCreatesAndReopens(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	s, err := postgres.Open(ctx, dsn)
	check(t, err)
	dev, err := s.DeviceID(ctx)
	check(t, err)
	s.Close()
	before := pgDump(t, dsn)
	for _, want := range []string{"COMMENT ON TABLE public.peil_migrations IS '" + postgres.Marker + "'", "0001_init.sql", "CREATE TABLE public.responses"} {
		if !strings.Contains(before, want) {
			t.Errorf("the new database lacks %q", want)
		}
	}
	s, err = postgres.Open(ctx, dsn)
	check(t, err)
	defer s.Close()
	again, err := s.DeviceID(ctx)
	check(t, err)
	if again != dev || dev == "" {
		t.Errorf("device id %q, then %q", dev, again)
	}
	if after := pgDump(t, dsn); after != before {
		t.Errorf("opening a current database changed it")
	}
	var v int
	check(t, pgtest.Conn(t, dsn).QueryRow(ctx, `SELECT max(version) FROM peil_migrations`).Scan(&v))
	if v != postgres.SchemaVersion() {
		t.Errorf("schema version %d, want %d", v, postgres.SchemaVersion())
	}
}

// Connection errors name the host and database and never the password,
// whatever form the connection string has.
func TestOpenErrorsHideThePassword(t *testing.T) {
	ctx := context.Background()
	const secret = "Geheim-wachtwoord-42"
	for _, dsn := range []string{
		"postgres://peil:" + secret + "@127.0.0.1:1/peildb?connect_timeout=2&sslmode=disable",
		"host=127.0.0.1 port=1 user=peil password=" + secret + " dbname=peildb connect_timeout=2 sslmode=disable",
		"postgres://peil:" + secret + "@127.0.0.1:1/peildb?sslmode=nonsense",
		"postgres://peil:" + secret + "@127.0.0.1:notaport/peildb",
	} {
		_, err := postgres.Open(ctx, dsn)
		if err == nil {
			t.Fatalf("Open(%q) succeeded", dsn)
		}
		t.Log(err)
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error shows the password: %v", err)
		}
		if !strings.Contains(err.Error(), "peildb") && !strings.Contains(err.Error(), "not valid") {
			t.Errorf("error names neither the database nor the problem: %v", err)
		}
	}
}

// sslmode is honoured: a server (here a listener on 127.0.0.1 that reads
// the first message and says it has no TLS) is asked for TLS unless
// sslmode=disable, and a refusal fails sslmode=require instead of falling
// back to plain text.
func TestOpenHonoursSSLMode(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		mode     string
		askTLS   bool
		mustFail bool
	}{
		{"disable", false, false},
		{"require", true, true},
		{"verify-full", true, true},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			check(t, err)
			defer ln.Close()
			asked := make(chan bool, 1)
			go func() {
				c, err := ln.Accept()
				if err != nil {
					asked <- false
					return
				}
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				var head [8]byte
				if _, err := io.ReadFull(c, head[:]); err != nil {
					asked <- false
					return
				}
				tls := binary.BigEndian.Uint32(head[4:]) == 80877103 // SSLRequest
				asked <- tls
				if tls {
					c.Write([]byte{'N'}) // no TLS here
					io.ReadFull(c, head[:])
				}
			}()
			port := ln.Addr().(*net.TCPAddr).Port
			dsn := fmt.Sprintf("postgres://peil@127.0.0.1:%d/peildb?sslmode=%s&connect_timeout=5", port, tc.mode)
			_, err = postgres.Open(ctx, dsn)
			if err == nil {
				t.Fatal("connected to a server that is not PostgreSQL")
			}
			if got := <-asked; got != tc.askTLS {
				t.Errorf("sslmode=%s: asked for TLS %v, want %v", tc.mode, got, tc.askTLS)
			}
			if tc.mustFail && !strings.Contains(strings.ToLower(err.Error()), "tls") {
				t.Errorf("sslmode=%s: the error does not say TLS was refused: %v", tc.mode, err)
			}
		})
	}
}

func TestIsDSN(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"postgres://peil@db.example.nl/peil", true},
		{"postgresql://db/peil?sslmode=verify-full", true},
		{"POSTGRES://db/peil", true},
		{"host=db.example.nl dbname=peil", true},
		{"dbname=peil", true},
		{"peil.db", false},
		{"/home/onderzoeker/peil/peil.db", false},
		{"C:\\Users\\x\\peil.db", false},
		{"monitor=2.db", false},
		{"", false},
	} {
		if got := postgres.IsDSN(tc.s); got != tc.want {
			t.Errorf("IsDSN(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

// Backup does not write a file: it says to use pg_dump, with the command.
func TestBackupSaysPgDump(t *testing.T) {
	s, _ := openPG(t)
	path := filepath.Join(t.TempDir(), "kopie.db")
	err := s.Backup(context.Background(), path)
	wantCode(t, err, survey.EINVALID)
	if !strings.Contains(err.Error(), "pg_dump --format=custom --file="+path) {
		t.Errorf("error gives no pg_dump command: %v", err)
	}
	if _, serr := os.Stat(path); serr == nil {
		t.Error("Backup wrote a file")
	}
}
