-- In Quarto's LaTeX PDF, a chart (a cell's image output) followed by its caption (the next
-- output: one emphasised paragraph, see captionBundle) becomes one floating figure with that
-- caption, so LaTeX places it where it fits instead of leaving the rest of a page empty. An
-- architecture diagram becomes a numbered figure too, kept in its place.
if not FORMAT:match("latex") then
  return {}
end

local function only_image(block)
  if block.t == "Div" and block.classes:includes("cell-output-display") and #block.content == 1 then
    local inner = block.content[1]
    if (inner.t == "Para" or inner.t == "Plain") and #inner.content == 1 and inner.content[1].t == "Image" then
      return inner.content[1]
    end
  end
  return nil
end

local function caption_of(block)
  if block.t == "Div" and block.classes:includes("cell-output-display") and #block.content == 1 then
    local inner = block.content[1]
    if (inner.t == "Para" or inner.t == "Plain") and #inner.content == 1 and inner.content[1].t == "Emph" then
      return inner.content[1].content
    end
  end
  return nil
end

local function float_charts(blocks)
  local out = pandoc.Blocks({})
  local i = 1
  while i <= #blocks do
    local image = only_image(blocks[i])
    local caption = blocks[i + 1] and caption_of(blocks[i + 1])
    if image and caption then
      image.caption = {}
      -- an architecture diagram (SVG) stays where it is drawn: floated, the tall ones drift past
      -- the layer tables that follow them, pages away from the section that shows them
      local attr = image.src:match("%.svg$") and pandoc.Attr("", {}, { ["fig-pos"] = "H" }) or pandoc.Attr()
      out:insert(pandoc.Figure(pandoc.Plain({ image }), { long = { pandoc.Plain(caption) } }, attr))
      i = i + 2
    else
      out:insert(blocks[i])
      i = i + 1
    end
  end
  return out
end

return {
  { Div = function(div)
      if div.classes:includes("cell") then
        div.content = float_charts(div.content)
        return div
      end
    end },
}
