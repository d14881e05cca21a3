package hub

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"peil/survey"
)

// TestReadProblemCodes checks that what the server answers for an error
// code reads back as that code on the client, with and without the code
// in the problem document (a proxy in front of the hub may answer with a
// bare status), and that a 5xx is the hub's own failure.
func TestReadProblemCodes(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		want   string
	}{
		{"unauthorized with code", 401, `{"detail":"no","code":"unauthorized"}`, survey.EUNAUTHORIZED},
		{"bare 401", 401, "no", survey.EUNAUTHORIZED},
		{"bare 403", 403, "no", survey.EFORBIDDEN},
		{"bare 404", 404, "no", survey.ENOTFOUND},
		{"bare 409", 409, "no", survey.ECONFLICT},
		{"bare 422", 422, "no", survey.EINVALID},
		{"too large", 413, `{"detail":"too big","code":"` + codeTooLarge + `"}`, survey.EINVALID},
		{"bare 413", 413, "too big", survey.EINVALID},
		{"unknown 4xx", 418, "teapot", survey.EINVALID},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp := &http.Response{StatusCode: c.status, Status: http.StatusText(c.status), Body: io.NopCloser(strings.NewReader(c.body))}
			err := readProblem(resp)
			if got := survey.ErrorCode(err); got != c.want {
				t.Fatalf("status %d: code %q, want %q (%v)", c.status, got, c.want, err)
			}
		})
	}
	resp := &http.Response{StatusCode: 502, Status: "502 Bad Gateway", Body: io.NopCloser(strings.NewReader("down"))}
	var de *survey.Error
	if err := readProblem(resp); err == nil || errors.As(err, &de) {
		t.Fatalf("a 5xx must be the hub's own failure, not a refusal: %v", err)
	}
	for _, p := range problemCodes {
		if statusOf(p.code) != p.status || codeOf(p.status) != p.code {
			t.Errorf("%s and %d do not map to each other", p.code, p.status)
		}
	}
}
