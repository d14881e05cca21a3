package sav_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"peil/export/sav"
)

// Example writes two answers to a Likert item with "don't know" (8), "not
// shown by skip logic" (9) and "not answered" (99) as user-missing codes.
func Example() {
	dir, err := os.MkdirTemp("", "sav-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	f, err := os.Create(filepath.Join(dir, "werkdruk.sav"))
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()

	vars := []sav.Variable{
		{Name: "q1_werkdruk", Label: "Ik ervaar een hoge werkdruk", Measure: sav.Ordinal,
			Format: sav.Format{Type: sav.FormatF, Width: 2},
			ValueLabels: []sav.ValueLabel{
				{Value: sav.Num(1), Label: "helemaal oneens"},
				{Value: sav.Num(5), Label: "helemaal eens"},
				{Value: sav.Num(8), Label: "weet ik niet"},
				{Value: sav.Num(9), Label: "niet getoond"},
				{Value: sav.Num(99), Label: "niet beantwoord"},
			},
			Missing: []sav.Value{sav.Num(8), sav.Num(9), sav.Num(99)}},
		{Name: "toelichting", Label: "Toelichting", Type: sav.String(1000)},
		{Name: "ingevuld_op", Format: sav.Format{Type: sav.FormatDATETIME, Width: 20}},
	}
	w, err := sav.NewWriter(f, sav.Header{Label: "Werkdruk, ronde 1", Compression: true}, vars)
	if err != nil {
		log.Fatal(err)
	}
	when := sav.Num(sav.ToSPSSDate(time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC)))
	rows := [][]sav.Value{
		{sav.Num(4), sav.Str("Veel vergaderingen, weinig tĳd."), when},
		{sav.Num(8), sav.Str(""), when},
	}
	for _, r := range rows {
		if err := w.WriteRow(r); err != nil {
			log.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(w.Rows(), "rows written")
	// Output: 2 rows written
}
