package instruments_test

import (
	"fmt"

	"peil/instruments"
)

func ExampleParse() {
	src := []byte(`id: collega
version: 1
title: {nl: Vragenlijst voor collega's, en: Questionnaire for colleagues}
sections:
  - id: deelname
    title: {nl: Deelname}
    items:
      - id: kent_deelnemer
        type: single
        required: true
        text: Weet u dat een collega meedoet aan de werkplaats?
        options:
          - {value: ja, nl: Ja, en: Yes}
          - {value: nee, nl: Nee, en: No}
      - id: weet_onderwerp
        type: single
        show_if: kent_deelnemer = 'ja'
        text: Weet u waar het onderzoek over gaat?
        options:
          - {value: ja, nl: Ja}
          - {value: nee, nl: Nee}
`)
	in, err := instruments.Parse("collega.yaml", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range in.Items() {
		fmt.Println(it.ID, it.Type, it.Options[0].Label["en"], it.ShowIf)
	}
	// Output:
	// kent_deelnemer single Yes <nil>
	// weet_onderwerp single  kent_deelnemer = 'ja'
}

func ExampleProblems() {
	src := []byte(`id: cultuur
version: 1
title: {nl: Cultuur}
sections:
  - id: s1
    title: {nl: Deel 1}
    items:
      - id: q7
        type: likret
        reqiured: true
        text: {en: A statement}
`)
	_, err := instruments.Parse("cultuur.yaml", src)
	fmt.Println(err)
	// Output:
	// cultuur.yaml:9:15: item q7: unknown type "likret"; did you mean "likert"?
	// cultuur.yaml:10:9: item q7: unknown key "reqiured"; did you mean "required"?
	// cultuur.yaml:11:15: item q7: text has no Dutch text; add nl: with the text in Dutch (English is optional)
}
