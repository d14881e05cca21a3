// Form posts: post dispatches an action (open with a code, answer, ...) and
// redirects; open, freshCode, answer, roundClosed and fail are its steps.

package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"

	"peil/survey"
)

// post acts on a form (POST) and redirects to the page (303), or shows the
// same page again with what was wrong.
func (h *Handler) post(w http.ResponseWriter, r *http.Request) {
	token, link, ok := h.resolve(w, r)
	if !ok {
		return
	}
	v := h.visitOf(r, token)
	if v == nil {
		h.renderExpired(w, r, token)
		return
	}
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if !sameOrigin(r) || subtle.ConstantTimeCompare([]byte(r.PostForm.Get("csrf")), []byte(v.csrf)) != 1 {
		h.renderExpired(w, r, token)
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.link = link
	h.checkLease(v)
	ctx := r.Context()
	switch r.PathValue("action") {
	case "lang":
		if l := survey.Lang(r.PostForm.Get("lang")); l == survey.Dutch || l == survey.English {
			v.lang = l
		}
	case "begin":
		if v.phase == phaseWelcome {
			v.phase = phaseCode
		}
	case "code":
		if v.phase != phaseCode {
			break
		}
		if !allowAll(h.now(), limitCheck{h.ipLimit, clientIP(r)}, limitCheck{h.linkLim, token}) {
			h.render(w, r, v, http.StatusTooManyRequests, h.codeView(v, r.PostForm.Get("code"), textsByLang[v.lang]["tooMany"]))
			return
		}
		code, err := survey.ParseRespondentCode(r.PostForm.Get("code"))
		if err != nil {
			msg := textsByLang[v.lang]["choose"]
			var ve *survey.ValidationError
			if errors.As(err, &ve) {
				msg = ve.Msg.Get(v.lang)
			}
			h.render(w, r, v, http.StatusUnprocessableEntity, h.codeView(v, r.PostForm.Get("code"), msg))
			return
		}
		if !h.open(ctx, w, r, v, code) {
			return
		}
	case "newcode":
		if v.phase != phaseCode {
			break
		}
		code, err := h.freshCode(ctx, v)
		if err != nil {
			h.fail(w, r, v, err)
			return
		}
		v.newCode = code
		v.phase = phaseNewCode
	case "othercode":
		if v.phase == phaseNewCode {
			v.newCode = ""
			v.phase = phaseCode
		}
	case "start":
		if v.phase != phaseNewCode || v.newCode == "" {
			break
		}
		if !h.open(ctx, w, r, v, v.newCode) {
			return
		}
		v.newCode = ""
	case "answer":
		if !h.answer(w, r, v) {
			return
		}
	case "back":
		if v.phase == phaseSurvey && v.sess != nil && v.sess.Back() {
			v.fromReview = false
		}
	case "edit":
		if v.phase == phaseSurvey && v.sess != nil && v.sess.AtReview() && v.sess.GoTo(r.PostForm.Get("item")) {
			v.fromReview = true
		}
	case "submit":
		if v.phase != phaseSurvey || v.sess == nil || !v.sess.AtReview() {
			break
		}
		if e := v.sess.Review(); e != nil {
			v.flash = e.Msg
			break
		}
		if err := h.writing(func() error {
			if err := h.renewLease(ctx, v); err != nil {
				return err
			}
			return v.link.Store.CompleteResponse(ctx, v.resp.ID, h.now())
		}); err != nil {
			if errors.Is(err, errLeaseLost) {
				h.loseResponse(v)
				break
			}
			h.logf("web: completing response %s: %v", v.resp.ID, err)
			if h.roundClosed(ctx, v) {
				h.render(w, r, v, http.StatusConflict, h.noticeView(v, "roundClosed"))
				return
			}
			h.render(w, r, v, http.StatusInternalServerError, h.viewWithError(v, textsByLang[v.lang]["submitFailed"]))
			return
		}
		h.answered.Add(1)
		h.releaseLease(ctx, v, v.resp.ID)
		v.dropResponse()
		v.phase = phaseThanks
	case "done":
		if v.phase == phaseThanks || v.phase == phaseDone {
			v.code = ""
			v.phase = phaseWelcome
		}
	default:
		http.NotFound(w, r)
		return
	}
	http.Redirect(w, r, h.base(token), http.StatusSeeOther)
}

// open finds the response of the code in the link's round, or starts one,
// and gives it to the visit (taking it from any other device). It writes
// the page itself and returns false when it cannot.
func (h *Handler) open(ctx context.Context, w http.ResponseWriter, r *http.Request, v *visit, code string) bool {
	st := v.link.Store
	round, err := st.Round(ctx, v.link.RoundID)
	if err != nil {
		h.fail(w, r, v, fmt.Errorf("loading round %s: %w", v.link.RoundID, err))
		return false
	}
	if !round.Open {
		h.render(w, r, v, http.StatusConflict, h.noticeView(v, "roundClosed"))
		return false
	}
	resp, err := st.ResponseFor(ctx, round.ID, code)
	switch {
	case err == nil && resp.Status == survey.Complete:
		v.code = ""
		v.phase = phaseDone
		return true
	case err == nil:
	case survey.IsNotFound(err):
		role := ""
		if len(v.inst.Audience) == 1 {
			role = v.inst.Audience[0]
		}
		err = h.writing(func() (err error) {
			resp, err = st.StartResponse(ctx, survey.Response{
				RoundID: round.ID, SchoolID: v.link.SchoolID, RespondentCode: code, Role: role,
				Status: survey.InProgress, InstrumentID: round.InstrumentID, InstrumentVersion: round.InstrumentVersion,
				StartedAt: h.now(), DeviceID: h.deviceID,
			})
			return err
		})
		if err != nil {
			h.fail(w, r, v, fmt.Errorf("starting a response: %w", err))
			return false
		}
	default:
		h.fail(w, r, v, fmt.Errorf("looking up a response: %w", err))
		return false
	}
	// Take the response over first, then read its answers: a device that
	// held it can no longer add one that this session would not see.
	if err := h.takeLease(ctx, v, resp.ID); err != nil {
		h.fail(w, r, v, fmt.Errorf("taking response %s over: %w", resp.ID, err))
		return false
	}
	answers, err := st.Answers(ctx, resp.ID)
	if err != nil {
		h.fail(w, r, v, fmt.Errorf("loading the answers of response %s: %w", resp.ID, err))
		return false
	}
	if v.sess != nil && v.resp.ID != resp.ID {
		h.releaseLease(ctx, v, v.resp.ID)
	}
	v.resp, v.code = resp, code
	v.sess = survey.NewSession(v.inst, resp.Role, answers)
	v.fromReview = false
	v.phase = phaseSurvey
	h.leases.take(resp.ID, v.id, h.now())
	return true
}

// freshCode makes a new respondent code that no response of the round has.
func (h *Handler) freshCode(ctx context.Context, v *visit) (string, error) {
	for range 5 {
		code, err := survey.NewRespondentCode(h.rand)
		if err != nil {
			return "", err
		}
		_, err = v.link.Store.ResponseFor(ctx, v.link.RoundID, code)
		if survey.IsNotFound(err) {
			return code, nil
		}
		if err != nil {
			return "", fmt.Errorf("checking a new code: %w", err)
		}
	}
	return "", errors.New("could not make an unused respondent code")
}

// answer stores the answer to the current question and moves on. It
// writes the page itself and returns false when the answer is refused or
// cannot be stored.
func (h *Handler) answer(w http.ResponseWriter, r *http.Request, v *visit) bool {
	if v.phase != phaseSurvey || v.sess == nil {
		return true
	}
	it := v.sess.Current()
	if it == nil || it.ID != r.PostForm.Get("item") {
		// A form for another question (sent twice, or from an old page):
		// show the current one.
		return true
	}
	if it.Type.Answerable() {
		val, empty, problem := parseAnswer(it, r.PostForm, v.lang)
		if problem != "" {
			h.render(w, r, v, http.StatusUnprocessableEntity, h.questionView(v, r.PostForm, problem))
			return false
		}
		if err := h.commitAnswer(r.Context(), v, it, val, empty, h.now()); err != nil {
			var ve *survey.ValidationError
			if errors.As(err, &ve) {
				h.render(w, r, v, http.StatusUnprocessableEntity, h.questionView(v, r.PostForm, ve.Msg.Get(v.lang)))
				return false
			}
			if errors.Is(err, errLeaseLost) {
				h.loseResponse(v)
				return true
			}
			h.logf("web: %v", err)
			if h.roundClosed(r.Context(), v) {
				h.render(w, r, v, http.StatusConflict, h.noticeView(v, "roundClosed"))
				return false
			}
			h.render(w, r, v, http.StatusInternalServerError, h.questionView(v, r.PostForm, textsByLang[v.lang]["saveFailed"]))
			return false
		}
	}
	var e *survey.ValidationError
	if v.fromReview {
		if e = v.sess.Review(); e == nil {
			v.fromReview = false
		}
	} else {
		e = v.sess.Next()
	}
	if e != nil {
		h.render(w, r, v, http.StatusUnprocessableEntity, h.questionView(v, nil, e.Msg.Get(v.lang)))
		return false
	}
	return true
}

// roundClosed reports whether the visit's round has been closed (so that
// the store refused an answer for that reason).
func (h *Handler) roundClosed(ctx context.Context, v *visit) bool {
	round, err := v.link.Store.Round(ctx, v.link.RoundID)
	return err == nil && !round.Open
}

// fail logs a store error and shows a calm message.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, v *visit, err error) {
	h.logf("web: %v", err)
	h.render(w, r, v, http.StatusInternalServerError, h.viewWithError(v, textsByLang[v.lang]["problem"]))
}
