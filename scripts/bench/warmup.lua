-- wrk script for warming a fresh server up: every request goes to the next of the paths given
-- after `--` (e.g. `-- / /json /wait /cpu`), so each workload's code is compiled and its caches
-- filled before any of them is measured.
local paths = { "/" }
local i = 0

function init(args)
  if #args > 0 then paths = args end
end

function request()
  i = i % #paths + 1
  return wrk.format(nil, paths[i])
end
