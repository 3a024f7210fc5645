-- In Quarto's LaTeX PDF, a table breaks across pages only where a reader can follow it: a short
-- table (up to SHORT_TABLE_LINES printed lines, well under a page) never breaks, so it moves
-- whole to the next page instead of leaving a row or two behind; a longer one keeps its first
-- and last KEPT_ROWS rows with their neighbours, so no page holds a lone row of it. LaTeX's
-- longtable breaks a page only after a row that ends in \\; a row that ends in \\* keeps the
-- next row on its page.
--
-- A short table is set as one box (a tabular in a table that stays in place, [H]), not as a
-- longtable whose rows all end in \\*: longtable starts a table wherever its head fits, and one
-- that cannot break then runs past the foot of the page. A box that does not fit goes to the
-- next page whole.
if not FORMAT:match("latex") then
  return {}
end

local SHORT_TABLE_LINES = 30
local KEPT_ROWS = 3
-- a printed table's width in characters (footnotesize; as PRINTED_TABLE in src/report/display/tables.ts)
local TABLE_CHARS = 84

-- The lines a table's body takes in print: each row as tall as its longest cell, wrapped at its
-- column's share of the width (a column without a share does not wrap).
local function printed_lines(tbl)
  local lines = 0
  for _, b in ipairs(tbl.bodies) do
    for _, row in ipairs(b.body) do
      local tallest = 1
      for i, cell in ipairs(row.cells) do
        local share = tbl.colspecs[i] and tbl.colspecs[i][2]
        if type(share) == "number" and share > 0 then
          local chars = math.max(1, math.floor(share * TABLE_CHARS))
          tallest = math.max(tallest, math.ceil(#pandoc.utils.stringify(cell.contents) / chars))
        end
      end
      lines = lines + tallest
    end
  end
  return lines
end

local function keep_rows(latex, rows)
  local head, body = latex:match("^(.*\\endlastfoot\n)(.*)$")
  if not head then
    return latex
  end
  local row = 0
  body = body:gsub(" \\\\\n", function()
    row = row + 1
    local breakable = row >= KEPT_ROWS and row <= rows - KEPT_ROWS
    return breakable and " \\\\\n" or " \\\\*\n"
  end)
  return head .. body
end

-- The parts of Pandoc's longtable: column spec, caption (or nil), the head as printed first,
-- the foot as printed last and the rows; nil where the LaTeX is not in that form.
local function longtable_parts(latex)
  local opening = "\\begin{longtable}[]"
  if latex:sub(1, #opening) ~= opening then
    return nil
  end
  -- the spec ends where the caption's line (or, without one, the head's top rule) begins
  local spec_end = latex:find("\n\\caption", 1, true) or latex:find("\n\\toprule", 1, true)
  if not spec_end then
    return nil
  end
  local spec, rest = latex:sub(#opening + 1, spec_end - 1), latex:sub(spec_end + 1)
  local caption = rest:match("^(\\caption.-)\\tabularnewline\n")
  local first_head = rest:match("(\\toprule.-)\\endfirsthead\n") or rest:match("(\\toprule.-)\\endhead\n")
  local last_foot, rows = rest:match("\\endhead\n(.-)\\endlastfoot\n(.*)\\end{longtable}")
  if not (first_head and rows) then
    return nil
  end
  return { spec = spec, caption = caption, head = first_head, foot = last_foot, rows = rows }
end

-- A short table as one box: the longtable's size and column spacing (\printedtablestyle, defined
-- in _quarto.yml), its caption above, its head, rows and foot in a tabular; nil where Pandoc's LaTeX
-- is not in the form longtable_parts reads.
local function boxed(latex)
  local t = longtable_parts(latex)
  if not t then
    return nil
  end
  return table.concat({
    "\\begin{table}[H]\n",
    t.caption and (t.caption .. "\n") or "",
    "\\centering\\printedtablestyle\n",
    "\\begin{tabular}" .. t.spec .. "\n",
    t.head,
    t.rows,
    t.foot,
    "\\end{tabular}\n\\end{table}\n",
  })
end

function Table(tbl)
  local rows = 0
  for _, b in ipairs(tbl.bodies) do
    rows = rows + #b.body
  end
  local latex = pandoc.write(pandoc.Pandoc({ tbl }), "latex")
  local box = printed_lines(tbl) <= SHORT_TABLE_LINES and boxed(latex)
  return pandoc.RawBlock("latex", box or keep_rows(latex, rows))
end
