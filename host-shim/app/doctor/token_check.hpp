// The admin token `pmat-host serve` guards its admin endpoints with
// ($XDG_CONFIG_HOME/pmat/admin-token, else ~/.config/pmat/admin-token; the path serve's
// default_token_path gives, checked equal by the doctor's tests). serve refuses a token file that
// is not a regular file or that others may read, so either is a failure.
#pragma once

#include "check.hpp"

namespace pmat::doctor {

void check_admin_token(Checks &out);

} // namespace pmat::doctor
