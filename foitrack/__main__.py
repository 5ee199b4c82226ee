from foitrack.entry import main

main()
