// Package web serves peil's instruments as an accessible web form, so that
// a whole school team can answer at once on their own phones: from the
// researcher's laptop on the school's network or its own hotspot (no
// internet needed), and later from the hub.
//
// The respondent's flow is the kiosk's: welcome and consent, the
// respondent code (typed, with the check character catching typos, or a
// new one shown to keep), one question per page with skip logic,
// validation and "weet ik niet", back always, review, submit, thank you.
// The answers follow the same rules because the same survey.Session walks
// the respondent through the instrument. Every answer is durably committed
// before the next page is sent (POST, commit, 303 redirect), so a response
// resumes on any device or kiosk with its code.
//
// Pages are rendered on the server with html/template; the style sheet is
// embedded; no script runs in the browser. A link token names the round
// and school (see Links and StoreLinks). Respondents' browsers hold only a
// random session id in an HttpOnly, SameSite=Strict cookie; everything
// else lives in the handler's memory: the visit, its CSRF token, and the
// lease that lets one response be answered on one device at a time.
// docs/web.md describes the protections.
package web
