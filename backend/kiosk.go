package backend

import (
	"context"

	"peil/pin"
	"peil/survey"
)

// Settings the kiosk keeps in the store.
const (
	// SettingPINHash holds the researcher's PIN as a slow hash (see
	// package pin).
	SettingPINHash = "kiosk.pin_hash"
)

// KioskTarget is where a kiosk collects answers.
type KioskTarget struct {
	Study  survey.Study
	Round  survey.Round
	School survey.School
}

// KioskTarget finds the round and school a kiosk is started for and checks
// that it can start: the round is open and the researcher's PIN is set.
func (b *Backend) KioskTarget(ctx context.Context, study, round, school string) (KioskTarget, error) {
	var t KioskTarget
	var err error
	if t.Study, err = b.FindStudy(ctx, study); err != nil {
		return t, err
	}
	if t.Round, err = b.Round(ctx, t.Study, round); err != nil {
		return t, err
	}
	if !t.Round.Open {
		return t, survey.Errorf(survey.EINVALID, "round %q is closed; open it with: peil round open --name %q", t.Round.Name, t.Round.Name)
	}
	if t.School, err = b.FindSchool(ctx, t.Study, school); err != nil {
		return t, err
	}
	if ok, err := b.HasPIN(ctx); err != nil {
		return t, err
	} else if !ok {
		return t, survey.Errorf(survey.EINVALID, "set the researcher's PIN first, with: peil kiosk pin")
	}
	return t, nil
}

// HasPIN reports whether the researcher's PIN is set.
func (b *Backend) HasPIN(ctx context.Context) (bool, error) {
	_, ok, err := b.store.Setting(ctx, SettingPINHash)
	return ok, err
}

// SetPIN checks the researcher's new PIN and keeps its slow hash.
func (b *Backend) SetPIN(ctx context.Context, p string) error {
	if err := pin.Valid(p); err != nil {
		return err
	}
	h, err := pin.Hash(p)
	if err != nil {
		return err
	}
	return b.store.SetSetting(ctx, SettingPINHash, h)
}
