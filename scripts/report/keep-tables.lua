-- In Quarto's LaTeX PDF, a table breaks across pages only where a reader can follow it: a short
-- table (up to SHORT_TABLE_LINES printed lines, well under a page) never breaks, so it moves
-- whole to the next page instead of leaving a row or two behind; a longer one keeps its first
-- and last KEPT_ROWS rows with their neighbours, so no page holds a lone row of it. LaTeX's
-- longtable breaks a page only after a row that ends in \\; a row that ends in \\* keeps the
-- next row on its page.
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

local function keep_rows(latex, rows, short)
  local head, body = latex:match("^(.*\\endlastfoot\n)(.*)$")
  if not head then
    return latex
  end
  local row = 0
  body = body:gsub(" \\\\\n", function()
    row = row + 1
    local breakable = not short and row >= KEPT_ROWS and row <= rows - KEPT_ROWS
    return breakable and " \\\\\n" or " \\\\*\n"
  end)
  return head .. body
end

function Table(tbl)
  local rows = 0
  for _, b in ipairs(tbl.bodies) do
    rows = rows + #b.body
  end
  local latex = pandoc.write(pandoc.Pandoc({ tbl }), "latex")
  return pandoc.RawBlock("latex", keep_rows(latex, rows, printed_lines(tbl) <= SHORT_TABLE_LINES))
end
