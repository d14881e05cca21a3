package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"peil/answerpack"
	"peil/survey"
)

// Backup does not copy a PostgreSQL database to a file: it returns a
// survey.EINVALID error with the pg_dump command that does (pg_dump takes
// a consistent snapshot while kiosks keep answering; pg_restore puts it
// back).
func (s *Store) Backup(ctx context.Context, path string) error {
	return survey.Errorf(survey.EINVALID,
		"%s is a PostgreSQL database, which peil does not copy to a file; use pg_dump, which makes a consistent copy while peil keeps working: %s",
		s.name, s.DumpCommand(path))
}

// DumpCommand returns the pg_dump command that writes a backup of the
// database to path (custom format, for pg_restore). It names host, port,
// user and database, never the password (pg_dump asks for it, or reads
// PGPASSWORD or ~/.pgpass).
func (s *Store) DumpCommand(path string) string {
	c := s.pool.Config().ConnConfig
	args := []string{"pg_dump", "--format=custom", "--file=" + shellQuote(path),
		"--host=" + shellQuote(c.Host), "--port=" + strconv.Itoa(int(c.Port))}
	if c.User != "" {
		args = append(args, "--username="+shellQuote(c.User))
	}
	return strings.Join(append(args, shellQuote(c.Database)), " ")
}

// shellQuote quotes s for a POSIX shell when it needs quoting.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@+,", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// peilTables are the tables of peil's schema, read in full by Check.
var peilTables = []string{"studies", "workplaces", "schools", "instruments", "rounds", "responses",
	"answers", "packed_answers", "settings", "targets", "round_changes", "cache",
	"hub_tokens", "hub_token_workplaces", "hub_audit", "hub_conflicts", migrationsTable}

// Check reads the whole database and changes nothing; see CheckDetail
// for what it checks.
func (s *Store) Check(ctx context.Context) (survey.CheckResult, error) {
	res, _, err := s.CheckDetail(ctx)
	return res, err
}

// CheckDetail reads the whole database, in one snapshot, and says what it
// checked:
//   - every row of every peil table is read (a damaged page, or with data
//     checksums on a page changed outside PostgreSQL, is an error);
//   - every index of peil's tables is verified with amcheck's
//     bt_index_check, when the amcheck extension is installed in the
//     database (Check installs nothing: CREATE EXTENSION amcheck, as a
//     superuser, turns this on);
//   - counts that must agree do: every complete response has its packed
//     answers and no response in progress has any, every answer and
//     packed copy has its response, every round its change counter;
//   - every packed copy of answers says exactly what its answer rows say
//     (Packed lists those that do not; RepairPacked mends them).
func (s *Store) CheckDetail(ctx context.Context) (res survey.CheckResult, checked []string, err error) {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return res, nil, s.errorf(err, "checking")
	}
	defer tx.Rollback(context.WithoutCancel(ctx))

	rowsRead := 0
	for _, t := range peilTables {
		var n int
		// Reading every column makes PostgreSQL read (and detoast) every
		// value, not only the pages.
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM `+t+` x WHERE length(x::text) >= 0`).Scan(&n); err != nil {
			res.Damage = append(res.Damage, fmt.Sprintf("table %s cannot be read: %v", t, s.clean(err)))
			return res, checked, nil // a failed statement ends the transaction
		}
		rowsRead += n
	}
	checked = append(checked, fmt.Sprintf("read all %d rows of the %d peil tables", rowsRead, len(peilTables)))

	var amcheck bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'amcheck')`).Scan(&amcheck); err != nil {
		return res, checked, s.errorf(err, "checking")
	}
	if amcheck {
		var n int
		err := tx.QueryRow(ctx, `SELECT count(bt_index_check(i.indexrelid))
			FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class c ON c.oid = i.indexrelid
			JOIN pg_am a ON a.oid = c.relam
			WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY($1) AND a.amname = 'btree'`, peilTables).Scan(&n)
		if err != nil {
			res.Damage = append(res.Damage, fmt.Sprintf("amcheck: %v", s.clean(err)))
			return res, checked, nil
		}
		checked = append(checked, fmt.Sprintf("verified the %d indexes with amcheck", n))
	} else {
		checked = append(checked, "indexes not verified: the amcheck extension is not installed in this database (CREATE EXTENSION amcheck)")
	}

	var missingPacked, extraPacked, missingCounters, orphanAnswers, orphanPacked int
	err = tx.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM responses r WHERE r.status = 'complete' AND NOT EXISTS (SELECT 1 FROM packed_answers p WHERE p.response_nr = r.nr)),
		(SELECT count(*) FROM responses r JOIN packed_answers p ON p.response_nr = r.nr WHERE r.status <> 'complete'),
		(SELECT count(*) FROM rounds d WHERE NOT EXISTS (SELECT 1 FROM round_changes c WHERE c.round_id = d.id)),
		(SELECT count(*) FROM answers a WHERE NOT EXISTS (SELECT 1 FROM responses r WHERE r.nr = a.response_nr)),
		(SELECT count(*) FROM packed_answers p WHERE NOT EXISTS (SELECT 1 FROM responses r WHERE r.nr = p.response_nr))`).
		Scan(&missingPacked, &extraPacked, &missingCounters, &orphanAnswers, &orphanPacked)
	if err != nil {
		return res, checked, s.errorf(err, "checking")
	}
	if missingCounters > 0 {
		res.Damage = append(res.Damage, fmt.Sprintf("%d rounds have no change counter (round_changes)", missingCounters))
	}
	if orphanAnswers > 0 || orphanPacked > 0 {
		res.Damage = append(res.Damage, fmt.Sprintf("%d answers and %d packed answers belong to no response", orphanAnswers, orphanPacked))
	}
	checked = append(checked, fmt.Sprintf("counted packed answers against responses (%d complete without, %d in progress with), answers and packed answers without a response, and change counters against rounds", missingPacked, extraPacked))

	bad, n, err := stalePacked(ctx, tx)
	if err != nil {
		return res, checked, s.errorf(err, "checking the packed answers")
	}
	for _, p := range bad {
		res.Packed = append(res.Packed, p.id)
	}
	checked = append(checked, fmt.Sprintf("compared the packed answers of %d responses with their answer rows", n))
	return res, checked, nil
}

// RepairPacked makes the packed answers of every response say what its
// answer rows say, in one transaction: it packs them again where they are
// missing, damaged or stale, and removes them from responses in progress.
// It returns how many responses it mended.
func (s *Store) RepairPacked(ctx context.Context) (int, error) {
	n := 0
	err := s.transaction(ctx, func(tx pgx.Tx) error {
		// Writers wait meanwhile: a response completed during the repair
		// would otherwise be judged on rows read before.
		if _, err := tx.Exec(ctx, `LOCK TABLE packed_answers IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return err
		}
		bad, _, err := stalePacked(ctx, tx)
		if err != nil {
			return err
		}
		for _, p := range bad {
			if p.complete {
				err = packResponse(ctx, tx, p.nr)
			} else {
				_, err = tx.Exec(ctx, `DELETE FROM packed_answers WHERE response_nr = $1`, p.nr)
			}
			if err != nil {
				return fmt.Errorf("response %s: %w", p.id, err)
			}
		}
		n = len(bad)
		return nil
	})
	return n, s.wrap(err, "repairing the packed answers")
}

// stale is a response whose packed answers need mending.
type stale struct {
	nr       int64
	id       string
	complete bool
}

// stalePacked lists the responses whose packed answers are not exactly
// the packing of their answer rows, and counts the responses it compared.
// It reads the responses with their blobs, then every answer row in
// response order, in two queries.
func stalePacked(ctx context.Context, q querier) ([]stale, int, error) {
	type packed struct {
		stale
		data []byte
	}
	rows, err := q.Query(ctx, `SELECT r.nr, r.id, r.status = 'complete', p.data
		FROM responses r LEFT JOIN packed_answers p ON p.response_nr = r.nr ORDER BY r.nr`)
	if err != nil {
		return nil, 0, err
	}
	var all []packed
	for rows.Next() {
		var p packed
		if err := rows.Scan(&p.nr, &p.id, &p.complete, &p.data); err != nil {
			rows.Close()
			return nil, 0, err
		}
		all = append(all, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	var out []stale
	i := 0
	var answers []survey.Answer
	// finish judges all[i] on the answers read for it, and moves on.
	finish := func() {
		if p := all[i]; answerpack.Stale(p.complete, p.data, answers) {
			out = append(out, p.stale)
		}
		answers = answers[:0]
		i++
	}
	rows, err = q.Query(ctx, `SELECT response_nr, `+answerpack.Columns+` FROM answers ORDER BY response_nr, item_id`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var nr int64
		a, err := scanAnswer(rows, &nr)
		if err != nil {
			return nil, 0, err
		}
		for i < len(all) && all[i].nr < nr {
			finish()
		}
		answers = append(answers, a)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	for i < len(all) {
		finish()
	}
	return out, len(all), nil
}
