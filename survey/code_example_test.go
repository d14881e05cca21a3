package survey_test

import (
	"fmt"

	"peil/survey"
)

func ExampleParseRespondentCode() {
	code, err := survey.ParseRespondentCode("k7mq 4xa")
	fmt.Println(code, err)
	_, err = survey.ParseRespondentCode("K7MQ-4AX") // two characters swapped
	fmt.Println(err)
	// Output:
	// K7MQ-4XA <nil>
	// item code: This code is not valid; a character was probably mistyped. Please try again.
}
