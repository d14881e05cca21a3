package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"peil/survey"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages are the parsed templates, one per page kind, each with the layout.
type pages struct{ t map[string]*template.Template }

var pageKinds = []string{"welcome", "code", "newcode", "question", "review", "thanks", "notice"}

func parsePages() (*pages, error) {
	p := &pages{t: map[string]*template.Template{}}
	for _, k := range pageKinds {
		t, err := template.New(k).ParseFS(templateFS, "templates/layout.html", "templates/"+k+".html")
		if err != nil {
			return nil, fmt.Errorf("web: parsing the %s page: %w", k, err)
		}
		p.t[k] = t
	}
	return p, nil
}

// view is what a page template reads.
type view struct {
	Page      string // the template: welcome, code, ...
	Lang      survey.Lang
	OtherLang survey.Lang
	T         map[string]string
	Title     string // the instrument's title
	School    string
	Heading   string // the page's own title
	Base      string // the form's path, ending in /
	Static    string
	CSRF      string // empty on pages without a visit: no forms there

	Notice string // a message shown once (status)
	Error  string // what was wrong with what was sent

	Description string
	WelcomeBody string
	CodeValue   string
	Code        string
	Q           *questionView
	Review      []reviewRow
	// Message (and, on pages without a visit, MessageEn) is a notice
	// page's text; Done shows its Done button, StartAgain a link to the
	// form's first page.
	Message    string
	MessageEn  string
	Done       bool
	StartAgain bool
}

// questionView is one question page.
type questionView struct {
	ID       string
	Kind     string // choice, multi, number, decimal, date, time, text, note
	Text     string
	Help     string
	Hint     string
	Section  string
	Intro    string
	Progress string
	Step     int
	Total    int
	AtStart  bool
	Options  []optionView
	Value    string // a number or text field's content
	MaxLen   int
	// Describedby lists the ids of the help, hint and error texts.
	Describedby string
}

type optionView struct {
	ID, Value, Label string
	Checked          bool
	DontKnow         bool
}

type reviewRow struct {
	ID, Question, Answer, ChangeLabel string
	Missing                           bool
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes the page of the view with the visit's common parts. The
// caller holds v.mu.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, v *visit, status int, vw view) {
	vw.Lang = v.lang
	vw.OtherLang = survey.English
	if v.lang == survey.English {
		vw.OtherLang = survey.Dutch
	}
	vw.T = textsByLang[v.lang]
	vw.CSRF = v.csrf
	vw.Base = h.base(v.token)
	if v.inst != nil {
		vw.Title = v.inst.Title.Get(v.lang)
	}
	vw.School = v.school
	if !v.flash.Empty() {
		if vw.Notice == "" {
			vw.Notice = v.flash.Get(v.lang)
		}
		v.flash = nil
	}
	h.write(w, status, vw)
}

// renderPlain writes a notice for a request without a visit, in Dutch
// with English beside it.
func (h *Handler) renderPlain(w http.ResponseWriter, r *http.Request, status int, key string) {
	h.write(w, status, plainView(key))
}

// plainView is the notice of texts[key] for a request without a visit.
func plainView(key string) view {
	return view{
		Page: "notice", Lang: survey.Dutch, T: textsByLang[survey.Dutch], Heading: "peil",
		Message: texts[key].Get(survey.Dutch), MessageEn: texts[key].Get(survey.English),
	}
}

// renderExpired answers a form sent without a valid visit or CSRF token:
// nothing is changed, and the respondent can start again.
func (h *Handler) renderExpired(w http.ResponseWriter, r *http.Request, token string) {
	vw := plainView("expired")
	vw.Base, vw.StartAgain = h.base(token), true
	h.write(w, http.StatusForbidden, vw)
}

func (h *Handler) write(w http.ResponseWriter, status int, vw view) {
	vw.Static = h.prefix + "/static/"
	if vw.Heading == "" {
		vw.Heading = vw.Title
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := h.pages.t[vw.Page].ExecuteTemplate(buf, "layout", vw); err != nil {
		h.logf("web: rendering the %s page: %v", vw.Page, err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// viewOf is the page the visit is on.
func (h *Handler) viewOf(v *visit) view {
	tx := textsByLang[v.lang]
	switch v.phase {
	case phaseCode:
		return h.codeView(v, "", "")
	case phaseNewCode:
		return view{Page: "newcode", Heading: tx["newCodeTitle"], Code: v.newCode}
	case phaseSurvey:
		if v.sess == nil {
			return h.codeView(v, "", "")
		}
		if v.sess.AtReview() {
			return h.reviewView(v)
		}
		return h.questionView(v, nil, "")
	case phaseThanks:
		return view{Page: "thanks", Heading: tx["thanksTitle"], Code: v.code}
	case phaseDone:
		return view{Page: "notice", Heading: tx["thanksTitle"], Message: tx["alreadyDone"], Done: true}
	}
	vw := view{Page: "welcome", Heading: tx["welcome"]}
	if v.inst != nil {
		vw.Description = v.inst.Description.Get(v.lang)
	}
	vw.WelcomeBody = fmt.Sprintf(tx["welcomeBody"], survey.EstimatedMinutes(v.inst))
	return vw
}

// viewWithError is the visit's page with an error message.
func (h *Handler) viewWithError(v *visit, msg string) view {
	vw := h.viewOf(v)
	vw.Error = msg
	return vw
}

func (h *Handler) noticeView(v *visit, key string) view {
	return view{Page: "notice", Heading: texts[key].Get(v.lang), Message: texts[key].Get(v.lang)}
}

func (h *Handler) codeView(v *visit, typed, errMsg string) view {
	return view{Page: "code", Heading: textsByLang[v.lang]["codeTitle"], CodeValue: typed, Error: errMsg}
}

// questionView is the current question, showing the answers posted (when
// not nil) or stored.
func (h *Handler) questionView(v *visit, posted url.Values, errMsg string) view {
	tx := textsByLang[v.lang]
	lang := v.lang
	it := v.sess.Current()
	if it == nil {
		return h.reviewView(v)
	}
	done, total := v.sess.Progress()
	q := &questionView{
		ID: it.ID, Text: it.Text.Get(lang), Help: it.Help.Get(lang),
		Step: done + 1, Total: total, Progress: fmt.Sprintf(tx["progress"], done+1, total),
		AtStart: v.sess.AtStart(),
	}
	if sec := v.inst.SectionOf(it.ID); sec != nil {
		q.Section = sec.Title.Get(lang)
		if !sec.Intro.Empty() && len(sec.Items) > 0 && sec.Items[0].ID == it.ID {
			q.Intro = sec.Intro.Get(lang)
		}
	}
	stored, has := v.sess.Answer(it.ID)
	chosen := func(value string) bool {
		if posted != nil {
			for _, p := range posted["answer"] {
				if p == value {
					return true
				}
			}
			return false
		}
		return false
	}
	switch it.Type {
	case survey.Likert:
		q.Kind = "choice"
		for i, l := range survey.LikertLabels {
			val := strconv.Itoa(i + 1)
			q.Options = append(q.Options, optionView{ID: "opt-" + val, Value: val, Label: l.Get(lang),
				Checked: chosen(val) || posted == nil && has && !stored.DontKnow && stored.Number == i+1})
		}
		if it.DontKnow {
			q.Options = append(q.Options, optionView{ID: "opt-dk", Value: "dk", Label: survey.DontKnowLabel.Get(lang), DontKnow: true,
				Checked: chosen("dk") || posted == nil && has && stored.DontKnow})
		}
	case survey.SingleChoice, survey.MultipleChoice:
		q.Kind = "choice"
		if it.Type == survey.MultipleChoice {
			q.Kind = "multi"
			q.Hint = tx["multiHint"]
		}
		for _, o := range v.sess.Options(it) { // those a choice filter leaves
			val := strconv.Itoa(o.Code)
			checked := chosen(val)
			if posted == nil && has {
				checked = it.Type == survey.SingleChoice && stored.Number == o.Code || it.Type == survey.MultipleChoice && stored.Selected(o.Code)
			}
			q.Options = append(q.Options, optionView{ID: "opt-" + val, Value: val, Label: o.Label.Get(lang), Checked: checked})
		}
	case survey.Integer, survey.Grade:
		q.Kind = "number"
		lo, hi, _ := it.Bounds()
		q.Hint = survey.TypedHint(it).Get(lang)
		q.MaxLen = max(len(strconv.Itoa(lo)), len(strconv.Itoa(hi)))
		if posted != nil {
			q.Value = posted.Get("answer")
		} else if has {
			q.Value = strconv.Itoa(stored.Number)
		}
	case survey.Decimal:
		q.Kind = "decimal"
		q.Hint = survey.TypedHint(it).Get(lang)
		q.MaxLen = decimalMaxLen
		if posted != nil {
			q.Value = posted.Get("answer")
		} else if has {
			q.Value = stored.Text
			if lang == survey.Dutch {
				// As a Dutch respondent types it (and reads it back).
				q.Value = strings.Replace(q.Value, ".", ",", 1)
			}
		}
	case survey.Date:
		q.Kind = "date"
		q.Hint = tx["dateHint"]
		if posted != nil {
			q.Value = posted.Get("answer")
		} else if has {
			q.Value = stored.Text // yyyy-mm-dd, the date field's own value
		}
	case survey.Time:
		q.Kind = "time"
		q.Hint = tx["timeHint"]
		if posted != nil {
			q.Value = posted.Get("answer")
		} else if has {
			q.Value = stored.Text
		}
	case survey.OpenText:
		q.Kind = "text"
		q.Hint = fmt.Sprintf(tx["textHint"], survey.MaxTextLength)
		q.MaxLen = survey.MaxTextLength
		if posted != nil {
			q.Value = posted.Get("answer")
		} else if has {
			q.Value = stored.Text
		}
	default:
		q.Kind = "note"
	}
	var ids []string
	if q.Help != "" {
		ids = append(ids, "answer-help")
	}
	if q.Hint != "" {
		ids = append(ids, "answer-hint")
	}
	if errMsg != "" {
		ids = append(ids, "answer-error")
	}
	q.Describedby = strings.Join(ids, " ")
	heading := q.Section
	if heading == "" {
		heading = v.inst.Title.Get(lang)
	}
	return view{Page: "question", Heading: heading, Q: q, Error: errMsg}
}

func (h *Handler) reviewView(v *visit) view {
	tx := textsByLang[v.lang]
	vw := view{Page: "review", Heading: tx["reviewTitle"]}
	for _, it := range v.sess.VisibleItems() {
		if !it.Type.Answerable() {
			continue
		}
		q := it.Text.Get(v.lang)
		row := reviewRow{ID: it.ID, Question: q, ChangeLabel: fmt.Sprintf(tx["changeName"], q)}
		if val, ok := v.sess.Value(it.ID); ok {
			row.Answer = answerText(it, val, v.lang)
		} else {
			row.Answer, row.Missing = tx["notAnswered"], true
		}
		vw.Review = append(vw.Review, row)
	}
	return vw
}

// answerText is an answer as the review page shows it: survey.AnswerText,
// an open text cut at 140 characters.
func answerText(it *survey.Item, v survey.Value, lang survey.Lang) string {
	s := survey.AnswerText(it, v, lang)
	if it.Type == survey.OpenText && utf8.RuneCountInString(s) > 140 {
		return string([]rune(s)[:140]) + "…"
	}
	return s
}

// decimalMaxLen is the length of the decimal field: a sign, nine digits,
// the decimal comma and six decimals (survey.MaxDecimals), with room to
// spare.
const decimalMaxLen = 20

// parseAnswer reads the answer to it from a posted form. empty means no
// answer was given; a problem is a message for the respondent.
func parseAnswer(it *survey.Item, form url.Values, lang survey.Lang) (v survey.Value, empty bool, problem string) {
	tx := textsByLang[lang]
	s := strings.TrimSpace(form.Get("answer"))
	switch it.Type {
	case survey.Likert:
		switch s {
		case "":
			return survey.Value{}, true, ""
		case "dk":
			return survey.DontKnowValue(), false, ""
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > survey.LikertPoints {
			return survey.Value{}, false, tx["choose"]
		}
		return survey.Num(n), false, ""
	case survey.SingleChoice:
		if s == "" {
			return survey.Value{}, true, ""
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return survey.Value{}, false, tx["choose"]
		}
		return survey.Num(n), false, ""
	case survey.MultipleChoice:
		var codes []int
		for _, p := range form["answer"] {
			n, err := strconv.Atoi(strings.TrimSpace(p))
			if err != nil {
				return survey.Value{}, false, tx["choose"]
			}
			codes = append(codes, n)
		}
		if len(codes) == 0 {
			return survey.Value{}, true, ""
		}
		return survey.ChoicesValue(codes...), false, ""
	case survey.Integer, survey.Grade, survey.Decimal, survey.Date, survey.Time, survey.OpenText:
		// The kiosk's rule too: the same inputs accepted, the same
		// messages.
		v, empty, p := survey.ReadTyped(it, form.Get("answer"))
		return v, empty, p.Get(lang)
	}
	return survey.Value{}, true, ""
}
