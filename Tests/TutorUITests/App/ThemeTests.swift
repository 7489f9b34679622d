import TermGrid
import Testing
@testable import TutorUI

/// The projector theme's colours, measured: WCAG 2.x contrast ratios from the theme's RGB palette, for every role and
/// for every cell of whole screens.
@Suite struct ThemeTests {
  typealias RGB = ThemePalette.RGB

  @Test func contrastArithmeticMatchesWCAG() {
    let white = RGB(0xff, 0xff, 0xff), black = RGB(0, 0, 0)
    #expect(abs(white.contrast(with: black) - 21) < 1e-9)
    #expect(abs(black.contrast(with: black) - 1) < 1e-9)
    // WCAG's own example: #777777 on white is 4.48:1, just below AA.
    #expect(abs(RGB(0x77, 0x77, 0x77).contrast(with: white) - 4.48) < 0.005)
    #expect(RGB(0x5c, 0x5c, 0xff).css == "#5c5cff")
  }

  @Test func everyProjectorRoleOwnsItsColoursIsNeverDimAndReaches7To1() {
    let theme = Theme.projector
    for role in ThemeRole.allCases {
      let style = theme.style(role)
      #expect(style.fg != .default && style.bg != .default, "\(role) leaves a colour to the terminal")
      #expect(!style.dim, "\(role) is dim")
      let ratio = theme.palette.contrast(of: style)
      #expect(ratio >= 7, "\(role): \(style) is only \(ratio):1")
    }
    #expect(theme.ownColors?.foreground == .brightWhite && theme.ownColors?.background == .black)
  }

  @Test func redMagentaAndBlueCannotReach7To1OnBlackWhichIsWhyTheProjectorAvoidsThem() {
    let p = ThemePalette.xterm
    let black = p.rgb(.black)
    for color in [TermColor.brightRed, .brightMagenta, .brightBlue, .red, .magenta, .blue] {
      #expect(p.rgb(color).contrast(with: black) < 7, "\(color)")
    }
  }

  @Test(arguments: ScreenGoldenTests.cases, ScreenGoldenTests.sizes)
  func everyCellOfAProjectorScreenIsReadable(_ c: ScreenGoldenTests.Case, _ size: Size) throws {
    var state = AppFixtures.state(step: c.step, size: size, lesson: c.lesson)
    state.theme = .projector
    if let event = c.event { state.show(event: event) }
    if let overlay = c.overlay { try state.open(overlayNamed: overlay) }
    let grid = TutorView.render(state)
    var worst = 21.0
    for y in 0..<grid.height {
      for x in 0..<grid.width {
        let style = grid[x, y].style
        #expect(style.fg != .default && style.bg != .default && !style.dim, "(\(x), \(y)) \(style)")
        if grid[x, y].character != " " { worst = min(worst, Theme.projector.palette.contrast(of: style)) }
      }
    }
    #expect(worst >= 7, "the least readable text on \(c.name) is \(worst):1")
  }

  @Test func aBlankedProjectorScreenIsTheThemesBlack() throws {
    var state = AppFixtures.state()
    state.theme = .projector
    try state.open(overlayNamed: "blank")
    let grid = TutorView.render(state)
    #expect(grid[0, 0].style.bg == .black && grid[40, 12].style.bg == .black)
  }

  @Test func otherThemesKeepTheTerminalsOwnColours() {
    let state = AppFixtures.state(step: 1)
    let grid = TutorView.render(state)
    #expect(grid[0, 1].style.bg == .default)  // the lesson pane's corner
    #expect(grid.themed(.dark) == grid && Theme.dark.ownColors == nil && Theme.dark.allowsDim)
  }

  @Test func everyThemeIsFoundByItsNameInAnyCaseAndNothingElseIs() {
    #expect(Theme.all.map(\.name) == ["dark", "light", "terminal", "projector"])
    for theme in Theme.all {
      #expect(Theme.named(theme.name) == theme)
      #expect(Theme.named(theme.name.uppercased()) == theme)
    }
    #expect(Theme.named("solarized") == nil)
    #expect(Theme.named("") == nil)
  }
}
